"""Data steps of the outreach migrations, run on rows made by today's code."""
import datetime as dt
import importlib
import io
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from candidates.choices import Tier
from candidates.services import recruiter_create
from candidates.tests.factories import CandidateFactory, FeedbackFactory, InterviewFactory
from outreach.choices import TouchKind
from outreach.models import CheckInSchedule, TouchPoint
from outreach.services import touch_point_log

pytestmark = pytest.mark.django_db

owner_and_tier = importlib.import_module("outreach.migrations.0006_schedule_owner_tier")


def test_the_backfill_copies_each_candidates_owner_and_tier_onto_its_schedule(recruiter, other_recruiter):
    top = CandidateFactory(owner=recruiter, tier=Tier.TOP)
    pool = CandidateFactory(owner=other_recruiter, tier=Tier.POOL)
    # Copies as stale as they can be: someone else's, the wrong tier.
    CheckInSchedule.objects.update(owner=other_recruiter, tier=Tier.WARM)

    owner_and_tier.copy_from_candidates(apps, SimpleNamespace(connection=connection))

    copies = dict(CheckInSchedule.objects.values_list("candidate_id", "owner_id"))
    tiers = dict(CheckInSchedule.objects.values_list("candidate_id", "tier"))
    assert copies == {top.pk: recruiter.pk, pool.pk: other_recruiter.pk}
    assert tiers == {top.pk: Tier.TOP, pool.pk: Tier.POOL}


candidate_dates = importlib.import_module("candidates.migrations.0006_dates_in_the_window")
outreach_dates = importlib.import_module("outreach.migrations.0008_dates_in_the_window")
NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def mend_dates() -> int:
    editor = SimpleNamespace(connection=connection)
    return (candidate_dates.mend_dates_outside_the_window(apps, editor)
            + outreach_dates.mend_dates_outside_the_window(apps, editor))


@pytest.fixture
def three_days_ago():
    with time_machine.travel(NOW - dt.timedelta(days=3), tick=False):
        yield


def test_touch_and_schedule_times_outside_the_window_are_mended(three_days_ago, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    real = touch_point_log(candidate=candidate, kind=TouchKind.EMAIL, author=recruiter,
                           occurred_at=NOW - dt.timedelta(days=5))
    typo = touch_point_log(candidate=candidate, kind=TouchKind.EMAIL, author=recruiter,
                           occurred_at=NOW - dt.timedelta(days=3))
    year_one = dt.datetime(1, 1, 1, tzinfo=dt.UTC)
    TouchPoint.objects.filter(pk=typo.pk).update(occurred_at=year_one)
    CheckInSchedule.objects.filter(candidate=candidate).update(
        last_touch_at=year_one, next_due_at=year_one + dt.timedelta(days=30), overdue_since=year_one,
        snoozed_until=dt.datetime(9999, 1, 1, tzinfo=dt.UTC))
    snoozed = CandidateFactory(owner=recruiter).schedule
    CheckInSchedule.objects.filter(pk=snoozed.pk).update(snoozed_until=year_one)

    with time_machine.travel(NOW, tick=False):
        assert mend_dates() == 6

    typo.refresh_from_db()
    assert typo.occurred_at == typo.created_at  # when it was logged
    schedule = CheckInSchedule.objects.get(candidate=candidate)
    assert schedule.last_touch_at == max(typo.created_at, real.occurred_at)
    assert schedule.next_due_at == NOW  # comes up at once; the next touch plans again
    assert schedule.snoozed_until == NOW + dt.timedelta(days=730)
    assert schedule.overdue_since is None
    assert CheckInSchedule.objects.get(pk=snoozed.pk).snoozed_until is None
    with time_machine.travel(NOW, tick=False):
        assert mend_dates() == 0


def test_overdue_plans_and_ended_snoozes_are_left_alone(three_days_ago, recruiter):
    schedule = CandidateFactory(owner=recruiter).schedule
    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    CheckInSchedule.objects.filter(pk=schedule.pk).update(next_due_at=long_ago, snoozed_until=long_ago,
                                                          overdue_since=long_ago)
    with time_machine.travel(NOW, tick=False):
        assert mend_dates() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL stores a time before year 1")
def test_a_time_stored_as_1_bc_broke_every_page_until_mended(three_days_ago, client):
    chen = recruiter_create(username="chen", email="chen@example.com", password="pw-chen-12345",
                            timezone_name="Asia/Singapore")
    feedback = FeedbackFactory(interview=InterviewFactory(candidate=CandidateFactory(owner=chen, tier=Tier.TOP)))
    candidate = feedback.interview.candidate
    touch_point_log(candidate=candidate, kind=TouchKind.EMAIL, author=chen, occurred_at=NOW - dt.timedelta(days=4))
    # What the old touch point form stored for "0001-01-01T00:00" in Singapore: 1 BC in UTC.
    bc = "'0001-01-01 00:00+08'::timestamptz"
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE outreach_touchpoint SET occurred_at = {bc}")
        cursor.execute(f"UPDATE outreach_checkinschedule SET last_touch_at = {bc}, "
                       f"next_due_at = {bc} + interval '14 days', overdue_since = {bc} + interval '14 days'")
        cursor.execute(f"UPDATE candidates_feedback SET shared_at = {bc}")
    pages = [candidate.get_absolute_url(), reverse("outreach:my_checkins"), reverse("outreach:digest_preview"),
             reverse("candidates:list") + "?sort=next_due", reverse("candidates:list") + f"?q={candidate.full_name}"]
    with time_machine.travel(NOW, tick=False):
        client.force_login(chen)
        for url in pages:
            with pytest.raises(ValueError, match="out of range"):
                client.get(url)
        with pytest.raises(ValueError, match="out of range"):
            call_command("queue_digests", "--user", "chen", stdout=io.StringIO())

        assert mend_dates() == 5

        assert [client.get(url).status_code for url in pages] == [200] * len(pages)
        out = io.StringIO()
        call_command("queue_digests", "--user", "chen", stdout=out)
        assert "Queued daily digest for chen" in out.getvalue()
