"""Who to contact today: the order, each row's one line, and who is left out."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.choices import GotAwayReason, Tier
from candidates.tests.factories import CandidateFactory
from outreach.choices import TouchKind
from outreach.models import CheckInSchedule
from outreach.services import touch_point_log
from outreach.signals.job import signals_refresh
from outreach.signals.ranking import contact_today

pytestmark = pytest.mark.django_db


def overdue(owner, *, days, tier=Tier.WARM, **fields):
    candidate = CandidateFactory(owner=owner, tier=tier, **fields)
    CheckInSchedule.objects.filter(candidate=candidate).update(
        next_due_at=timezone.now() - dt.timedelta(days=days),
        last_touch_at=timezone.now() - dt.timedelta(days=days + candidate.schedule.cadence_days))
    return candidate


def names(rows):
    return [row.candidate.full_name for row in rows]


def test_a_resolved_reason_leads_and_says_why(ada, opening, recruiter):
    overdue(recruiter, days=20, full_name="Olive Overdue")
    signals_refresh()
    rows = contact_today(user=recruiter, now=timezone.now())
    assert names(rows) == ["Ada Lovelace", "Olive Overdue"]
    assert rows[0].reason == "The Staff Engineer band now reaches £150k; Ada asked £140k."
    assert rows[0].signal_id is not None
    assert rows[1].reason == "Check-in 20 days overdue; last touch 50 days ago."
    assert rows[1].signal_id is None and rows[1].days_overdue == 20


def test_top_tier_first_for_the_same_reason(frozen, opening, recruiter):
    for name, tier in (("Wes Warm", Tier.WARM), ("Tess Top", Tier.TOP), ("Pat Pool", Tier.POOL)):
        CandidateFactory(full_name=name, owner=recruiter, tier=tier, got_away_reason=GotAwayReason.COMPENSATION_GAP,
                         expected_pay_currency="GBP", expected_pay=140_000, skills=["Python", "PostgreSQL"])
    signals_refresh()
    assert names(contact_today(user=recruiter, now=timezone.now())) == ["Tess Top", "Wes Warm", "Pat Pool"]


def test_someone_emailed_three_times_this_month_sinks(frozen, opening, recruiter):
    people = [CandidateFactory(full_name=name, owner=recruiter, got_away_reason=GotAwayReason.COMPENSATION_GAP,
                               expected_pay_currency="GBP", expected_pay=140_000, skills=["Python", "PostgreSQL"])
              for name in ("Nina Needy", "Quinn Quiet")]
    signals_refresh()
    for days in (3, 10, 20):
        # Newsletters: contact we made, which does not answer the signal the way a personal touch does.
        touch_point_log(candidate=people[0], kind=TouchKind.NEWSLETTER, author=None, moves_cadence=False,
                        occurred_at=timezone.now() - dt.timedelta(days=days))
    rows = contact_today(user=recruiter, now=timezone.now())
    assert names(rows) == ["Quinn Quiet", "Nina Needy"]
    assert rows[1].recent_touches == 3 and rows[0].score - rows[1].score == 36


def test_the_longer_overdue_first_when_nothing_else_differs(frozen, recruiter):
    overdue(recruiter, days=2, full_name="Two Days")
    overdue(recruiter, days=9, full_name="Nine Days")
    rows = contact_today(user=recruiter, now=timezone.now())
    assert names(rows) == ["Nine Days", "Two Days"]
    assert rows[1].reason == "Check-in 2 days overdue; last touch 32 days ago."


def test_left_out_snoozed_others_and_do_not_contact(ada, opening, recruiter, other_recruiter):
    overdue(other_recruiter, days=5, full_name="Not Yours")
    signals_refresh()
    CheckInSchedule.objects.filter(candidate=ada).update(snoozed_until=timezone.now() + dt.timedelta(days=3),
                                                        next_due_at=timezone.now() + dt.timedelta(days=3))
    assert contact_today(user=recruiter, now=timezone.now()) == []
    assert names(contact_today(user=other_recruiter, now=timezone.now())) == ["Not Yours"]


def test_a_do_not_contact_candidate_is_never_suggested_even_before_the_next_pass(ada, opening, recruiter):
    signals_refresh()
    type(ada).objects.filter(pk=ada.pk).update(do_not_contact=True)
    assert contact_today(user=recruiter, now=timezone.now()) == []


def test_more_reasons_are_counted(ada, opening, recruiter):
    ada.follow_up_on = timezone.localdate()
    ada.save()
    signals_refresh()
    row = contact_today(user=recruiter, now=timezone.now())[0]
    assert row.more_reasons == 1
    assert row.reason.startswith("The Staff Engineer band")


def test_four_queries_whatever_the_pool(frozen, opening, recruiter):
    counts = []
    for total in (3, 30):
        while CheckInSchedule.objects.filter(owner=recruiter).count() < total:
            i = CheckInSchedule.objects.count()
            overdue(recruiter, days=1 + i % 7, got_away_reason=GotAwayReason.COMPENSATION_GAP,
                    expected_pay_currency="GBP", expected_pay=130_000 + i, skills=["Python", "PostgreSQL"])
        signals_refresh(full=True)
        with CaptureQueriesContext(connection) as queries:
            rows = contact_today(user=recruiter, now=timezone.now(), limit=50)
        assert len(rows) == total
        counts.append(len(queries))
    assert counts == [4, 4]


def test_a_short_list_counts_pressure_as_a_long_one_would(frozen, opening, recruiter):
    """Pressure is read for the best few first: the order must be the one reading it for everyone gives."""
    people = [CandidateFactory(full_name=f"Person {i}", owner=recruiter, tier=Tier.TOP if i == 0 else Tier.WARM,
                               got_away_reason=GotAwayReason.COMPENSATION_GAP, expected_pay_currency="GBP",
                               expected_pay=140_000, skills=["Python", "PostgreSQL"]) for i in range(6)]
    signals_refresh()
    for days in (3, 10, 20):
        touch_point_log(candidate=people[0], kind=TouchKind.NEWSLETTER, author=None, moves_cadence=False,
                        occurred_at=timezone.now() - dt.timedelta(days=days))
    everyone = names(contact_today(user=recruiter, now=timezone.now(), limit=50))
    assert everyone[-1] == "Person 0"
    for limit in (1, 2, 5):
        assert names(contact_today(user=recruiter, now=timezone.now(), limit=limit)) == everyone[:limit]
