"""The rows of My check-ins: labels, dates and links worked out before the template prints them."""
import datetime as dt

import pytest
from django.urls import reverse

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory
from outreach.checkin_rows import SUMMARY_CHARS, checkin_rows, url_maker
from outreach.choices import TouchKind
from outreach.models import CheckInSchedule

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("name", ["candidates:detail", "outreach:touch_create", "outreach:schedule_snooze"])
def test_url_maker_builds_what_reverse_would(name):
    make = url_maker(name)
    for pk in (1, 9, 987654321, 2_000_000_000):
        assert make(pk) == reverse(name, args=[pk])


def _row(recruiter, **schedule_fields):
    candidate = CandidateFactory(owner=recruiter, full_name="Zoe Row", tier=Tier.TOP, current_title="CTO",
                                 current_company="Initech")
    CheckInSchedule.objects.filter(candidate=candidate).update(**schedule_fields)
    schedule = CheckInSchedule.objects.for_checkin_rows().get(candidate=candidate)
    [row] = checkin_rows([schedule], now=NOW, back_to="/?a=b")
    return candidate, row


def test_an_overdue_row(recruiter):
    candidate, row = _row(recruiter, next_due_at=NOW - dt.timedelta(days=1, hours=2), cadence_days=45,
                          preferred_channel=TouchKind.PHONE_CALL, last_touch_at=NOW - dt.timedelta(days=46),
                          last_touch_summary="x" * 300)
    assert (row.name, row.tier_label, row.current_role) == ("Zoe Row", "Top tier", "CTO at Initech")
    assert row.overdue_label == "1 day overdue"
    assert (row.channel, row.channel_label, row.cadence_label) == ("phone_call", "Phone call", "Every 45 days")
    assert row.url == candidate.get_absolute_url()
    assert row.log_url == reverse("outreach:touch_create", args=[candidate.pk]) + "?next=/%3Fa%3Db"
    assert row.snooze_url == reverse("outreach:schedule_snooze", args=[candidate.pk]) + "?next=/%3Fa%3Db"
    assert len(row.last_touch_summary) == SUMMARY_CHARS and row.last_touch_summary.endswith("…")
    assert (row.last_touch_iso, row.last_touch_label) == ("2026-01-15T09:00:00+00:00", "15 Jan 2026")


def test_a_row_due_later_this_week_and_never_touched(recruiter):
    _candidate, row = _row(recruiter, next_due_at=NOW + dt.timedelta(days=3), last_touch_at=None,
                           last_touch_summary="")
    assert row.overdue_label == ""
    assert (row.due_iso, row.due_label) == ("2026-03-05T09:00:00+00:00", "Thu 5 Mar")
    assert (row.last_touch_iso, row.last_touch_label, row.last_touch_summary) == ("", "", "")


def test_a_row_due_within_the_day_is_due_today(recruiter):
    _candidate, row = _row(recruiter, next_due_at=NOW - dt.timedelta(hours=5))
    assert row.overdue_label == "Due today"


def test_rows_cost_one_query_for_any_number(recruiter, django_assert_num_queries):
    for _ in range(5):
        CandidateFactory(owner=recruiter)
    with django_assert_num_queries(1):
        schedules = list(CheckInSchedule.objects.for_checkin_rows())
        rows = checkin_rows(schedules, now=NOW, back_to="/")
    assert [row.name for row in rows] == [s.candidate.full_name for s in schedules]
