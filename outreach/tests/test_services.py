"""The check-in schedule rules, as a recruiter experiences them."""
import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.choices import Tier
from candidates.models import Feedback
from candidates.services import candidate_update
from candidates.tests.clocks import CLOCKS, clock
from candidates.tests.factories import CandidateFactory, FeedbackFactory
from outreach.choices import TouchKind
from outreach.models import CheckInSchedule, TouchPoint
from outreach.services import (
    FeedbackAlreadyShared,
    feedback_share,
    schedule_set_cadence,
    schedule_set_paused,
    schedule_snooze,
    touch_point_log,
    touch_points_log_bulk,
)

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.mark.parametrize(("tier", "days"), [(Tier.TOP, 14), (Tier.WARM, 30), (Tier.POOL, 90)])
def test_new_candidate_gets_the_tier_default_cadence(frozen, tier, days):
    candidate = CandidateFactory(tier=tier)
    assert candidate.schedule.cadence_days == days
    assert candidate.schedule.next_due_at == NOW + dt.timedelta(days=days)


def test_logging_a_touch_moves_next_due_to_touch_plus_cadence(frozen):
    candidate = CandidateFactory(tier=Tier.TOP)
    touch_point_log(candidate=candidate, kind=TouchKind.PHONE_CALL, occurred_at=NOW, author=candidate.owner)
    schedule = CheckInSchedule.objects.get(candidate=candidate)
    assert schedule.last_touch_at == NOW
    assert schedule.next_due_at == NOW + dt.timedelta(days=14)


def test_a_touch_that_does_not_move_the_cadence_is_on_the_timeline_only(frozen):
    candidate = CandidateFactory(tier=Tier.TOP)
    before = CheckInSchedule.objects.get(candidate=candidate)
    touch = touch_point_log(candidate=candidate, kind=TouchKind.NEWSLETTER, occurred_at=NOW, author=candidate.owner,
                            summary="March newsletter", moves_cadence=False)
    after = CheckInSchedule.objects.get(candidate=candidate)
    assert TouchPoint.objects.get(candidate=candidate) == touch
    assert (after.last_touch_at, after.next_due_at) == (before.last_touch_at, before.next_due_at)


def test_bulk_touch_points_land_on_timelines_and_leave_every_cadence_alone(frozen):
    candidates = CandidateFactory.create_batch(3, tier=Tier.WARM)
    due = {c.pk: CheckInSchedule.objects.get(candidate=c).next_due_at for c in candidates}
    touches = touch_points_log_bulk(touch_points=[
        TouchPoint(candidate=c, kind=TouchKind.NEWSLETTER, occurred_at=NOW, author=c.owner, summary="Issue 4")
        for c in candidates
    ])
    assert len(touches) == 3
    assert TouchPoint.objects.filter(kind=TouchKind.NEWSLETTER, summary="Issue 4").count() == 3
    assert {s.candidate_id: s.next_due_at for s in CheckInSchedule.objects.filter(candidate__in=candidates)} == due


def test_bulk_touch_points_refuse_a_time_in_the_future_and_save_none(frozen):
    candidate = CandidateFactory()
    with pytest.raises(ValidationError):
        touch_points_log_bulk(touch_points=[
            TouchPoint(candidate=candidate, kind=TouchKind.NEWSLETTER, occurred_at=NOW, author=candidate.owner),
            TouchPoint(candidate=candidate, kind=TouchKind.NEWSLETTER, occurred_at=NOW + dt.timedelta(days=2),
                       author=candidate.owner),
        ])
    assert not TouchPoint.objects.filter(candidate=candidate).exists()


def test_a_touch_in_the_past_uses_its_own_date(frozen):
    candidate = CandidateFactory(tier=Tier.TOP)
    five_days_ago = NOW - dt.timedelta(days=5)
    touch_point_log(candidate=candidate, kind=TouchKind.EMAIL, occurred_at=five_days_ago, author=candidate.owner)
    assert CheckInSchedule.objects.get(candidate=candidate).next_due_at == five_days_ago + dt.timedelta(days=14)


def test_an_older_touch_never_moves_the_schedule_backwards(frozen):
    candidate = CandidateFactory(tier=Tier.TOP)
    touch_point_log(candidate=candidate, kind=TouchKind.EMAIL, occurred_at=NOW, author=candidate.owner)
    touch_point_log(candidate=candidate, kind=TouchKind.EMAIL, occurred_at=NOW - dt.timedelta(days=9),
                    author=candidate.owner)
    schedule = CheckInSchedule.objects.get(candidate=candidate)
    assert schedule.last_touch_at == NOW
    assert schedule.next_due_at == NOW + dt.timedelta(days=14)
    assert candidate.touch_points.count() == 2


def test_snooze_moves_due_forward_but_never_back(frozen):
    candidate = CandidateFactory(tier=Tier.TOP)
    schedule = candidate.schedule
    later = NOW + dt.timedelta(days=40)
    schedule_snooze(schedule=schedule, until=later)
    assert CheckInSchedule.objects.get(pk=schedule.pk).next_due_at == later
    schedule_snooze(schedule=schedule, until=NOW + dt.timedelta(days=1))
    assert CheckInSchedule.objects.get(pk=schedule.pk).next_due_at == later


def test_paused_schedules_leave_the_due_list(frozen):
    candidate = CandidateFactory(tier=Tier.TOP)
    schedule_set_cadence(schedule=candidate.schedule, cadence_days=1)
    soon = NOW + dt.timedelta(days=2)
    assert list(CheckInSchedule.objects.due_by(soon)) == [candidate.schedule]
    schedule_set_paused(schedule=candidate.schedule, paused=True)
    assert not CheckInSchedule.objects.due_by(soon).exists()


def test_tier_change_follows_default_unless_cadence_was_customised(frozen):
    candidate = CandidateFactory(tier=Tier.POOL)
    candidate_update(candidate=candidate, changed_by=candidate.owner, tier=Tier.TOP)
    assert CheckInSchedule.objects.get(candidate=candidate).cadence_days == 14

    schedule_set_cadence(schedule=CheckInSchedule.objects.get(candidate=candidate), cadence_days=10)
    candidate_update(candidate=candidate, changed_by=candidate.owner, tier=Tier.WARM)
    schedule = CheckInSchedule.objects.get(candidate=candidate)
    assert schedule.cadence_days == 10
    assert schedule.next_due_at == timezone.now() + dt.timedelta(days=10)


@pytest.mark.parametrize("tier", Tier.values)
def test_a_new_schedule_carries_its_candidates_owner_and_tier(tier):
    candidate = CandidateFactory(tier=tier)
    schedule = CheckInSchedule.objects.get(candidate=candidate)
    assert (schedule.owner, schedule.tier) == (candidate.owner, tier)


def test_the_schedule_follows_the_candidate_to_a_new_owner(other_recruiter):
    candidate = CandidateFactory(tier=Tier.TOP)
    due_before = CheckInSchedule.objects.get(candidate=candidate).next_due_at
    candidate_update(candidate=candidate, changed_by=candidate.owner, owner=other_recruiter)
    schedule = CheckInSchedule.objects.get(candidate=candidate)
    assert (schedule.owner, schedule.tier) == (other_recruiter, Tier.TOP)
    assert schedule.next_due_at == due_before  # a new owner is no reason to re-plan
    assert list(CheckInSchedule.objects.for_owner(other_recruiter)) == [schedule]


@pytest.mark.parametrize("customised", [False, True])
def test_the_schedule_follows_a_tier_change_even_with_its_own_cadence(frozen, customised):
    candidate = CandidateFactory(tier=Tier.POOL)
    if customised:
        schedule_set_cadence(schedule=CheckInSchedule.objects.get(candidate=candidate), cadence_days=10)
    candidate_update(candidate=candidate, changed_by=candidate.owner, tier=Tier.TOP, full_name="Renamed")
    schedule = CheckInSchedule.objects.get(candidate=candidate)
    assert (schedule.owner, schedule.tier) == (candidate.owner, Tier.TOP)
    assert schedule.cadence_days == (10 if customised else 14)


def test_other_edits_leave_the_schedule_alone():
    candidate = CandidateFactory(tier=Tier.WARM)
    with CaptureQueriesContext(connection) as queries:
        candidate_update(candidate=candidate, changed_by=candidate.owner, current_title="CTO")
    assert queries.captured_queries
    assert not [q for q in queries.captured_queries if CheckInSchedule._meta.db_table in q["sql"]]


def test_sharing_feedback_counts_as_one_touch_point_even_when_repeated(frozen):
    feedback = FeedbackFactory(candidate_note="")
    candidate = feedback.interview.candidate
    touch = feedback_share(feedback=feedback, via="email", shared_at=NOW, shared_by=candidate.owner)
    assert touch.kind == TouchKind.FEEDBACK_SHARED
    assert touch.summary == "Shared feedback on the Senior Backend Engineer interview."
    assert CheckInSchedule.objects.get(candidate=candidate).last_touch_at == NOW

    stale = type(feedback).objects.get(pk=feedback.pk)
    stale.shared_at = None  # another tab still showing the unshared scorecard
    with pytest.raises(FeedbackAlreadyShared):
        feedback_share(feedback=stale, via="phone", shared_at=NOW, shared_by=candidate.owner)
    assert candidate.touch_points.count() == 1
    assert type(feedback).objects.get(pk=feedback.pk).shared_via == "email"


def test_a_touch_on_a_candidate_without_a_schedule_starts_one(frozen):
    candidate = CandidateFactory(tier=Tier.TOP)
    CheckInSchedule.objects.filter(candidate=candidate).delete()
    touch_point_log(candidate=candidate, kind=TouchKind.EMAIL, occurred_at=NOW, author=candidate.owner)
    assert CheckInSchedule.objects.get(candidate=candidate).next_due_at == NOW + dt.timedelta(days=14)


# --- Dates outside the window are refused before anything is written ------------------------------

def _state(candidate) -> tuple:
    schedule = CheckInSchedule.objects.get(candidate=candidate)
    return (TouchPoint.objects.count(), list(Feedback.objects.values_list("shared_at", "shared_via")),
            schedule.last_touch_at, schedule.next_due_at, schedule.snoozed_until)


@pytest.mark.parametrize(("zone", "instant", "today"), CLOCKS)
def test_touches_and_shared_feedback_take_times_from_local_midnight_1970_to_now(zone, instant, today):
    tz = zoneinfo.ZoneInfo(zone)
    feedback = FeedbackFactory()
    candidate, author = feedback.interview.candidate, feedback.author
    with clock(zone, instant):
        for moment in (dt.datetime(1970, 1, 1, tzinfo=tz), instant):
            touch_point_log(candidate=candidate, kind=TouchKind.EMAIL, occurred_at=moment, author=author)
        before = _state(candidate)
        outside = [instant + dt.timedelta(seconds=1), dt.datetime(1969, 12, 31, 23, 59, tzinfo=tz),
                   dt.datetime(1, 1, 1, tzinfo=tz), dt.datetime(9999, 12, 31, tzinfo=tz)]
        for moment in outside:
            with pytest.raises(ValidationError) as raised:
                touch_point_log(candidate=candidate, kind=TouchKind.EMAIL, occurred_at=moment, author=author)
            assert list(raised.value.message_dict) == ["occurred_at"]
            with pytest.raises(ValidationError) as raised:
                feedback_share(feedback=feedback, via="email", shared_at=moment, shared_by=author)
            assert list(raised.value.message_dict) == ["shared_at"]
        assert _state(candidate) == before
        feedback_share(feedback=feedback, via="email", shared_at=dt.datetime(1970, 1, 1, tzinfo=tz), shared_by=author)


@pytest.mark.parametrize(("zone", "instant", "today"), CLOCKS)
def test_a_snooze_runs_to_the_end_of_the_recruiters_day_730_days_ahead(zone, instant, today):
    tz = zoneinfo.ZoneInfo(zone)
    schedule = CandidateFactory().schedule
    last_day = today + dt.timedelta(days=730)
    with clock(zone, instant):
        for until in (dt.datetime.combine(today, dt.time.min, tzinfo=tz),
                      dt.datetime.combine(last_day, dt.time.max, tzinfo=tz)):
            schedule_snooze(schedule=schedule, until=until)
        before = _state(schedule.candidate)
        for until in (dt.datetime.combine(today, dt.time.min, tzinfo=tz) - dt.timedelta(microseconds=1),
                      dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
                      dt.datetime(1, 1, 1, tzinfo=tz)):
            with pytest.raises(ValidationError) as raised:
                schedule_snooze(schedule=CheckInSchedule.objects.get(pk=schedule.pk), until=until)
            assert list(raised.value.message_dict) == ["until"]
        assert _state(schedule.candidate) == before
