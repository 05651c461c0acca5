"""The flag-overdue job: sets overdue_since once, clears it when no longer due, in batches."""
import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from candidates.choices import Stage, Tier
from candidates.services import candidate_update
from candidates.tests.factories import CandidateFactory
from outreach.choices import TouchKind
from outreach.models import CheckInSchedule
from outreach.overdue import schedules_flag_overdue
from outreach.services import schedule_set_paused, schedule_snooze, touch_point_log

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _schedule(candidate) -> CheckInSchedule:
    return CheckInSchedule.objects.get(candidate=candidate)


@pytest.fixture
def top_candidate():
    with time_machine.travel(START, tick=False):
        return CandidateFactory(tier=Tier.TOP)  # due 14 days after START


def test_a_schedule_is_flagged_from_the_moment_it_fell_due_and_kept(top_candidate):
    due_at = START + dt.timedelta(days=14)
    with time_machine.travel(due_at - dt.timedelta(minutes=1), tick=False):
        assert schedules_flag_overdue().flagged == 0
    assert _schedule(top_candidate).overdue_since is None

    with time_machine.travel(due_at + dt.timedelta(minutes=10), tick=False):
        assert schedules_flag_overdue().flagged == 1
    assert _schedule(top_candidate).overdue_since == due_at

    # Days later it is still the same moment, not the time of the latest run.
    with time_machine.travel(due_at + dt.timedelta(days=3), tick=False):
        result = schedules_flag_overdue()
    assert (result.flagged, result.cleared) == (0, 0)
    assert _schedule(top_candidate).overdue_since == due_at


def test_running_twice_changes_nothing(top_candidate):
    CandidateFactory(tier=Tier.POOL)  # not due for 90 days
    with time_machine.travel(START + dt.timedelta(days=20), tick=False):
        first = schedules_flag_overdue()
        before = list(CheckInSchedule.objects.order_by("pk").values_list("pk", "overdue_since", "updated_at"))
        second = schedules_flag_overdue()
        after = list(CheckInSchedule.objects.order_by("pk").values_list("pk", "overdue_since", "updated_at"))
    assert first.flagged == 1
    assert (second.flagged, second.cleared) == (0, 0)
    assert before == after


@pytest.mark.parametrize("make_not_due", ["touch", "snooze", "pause", "not_interested", "do_not_contact"])
def test_the_flag_is_cleared_when_no_longer_due(top_candidate, make_not_due):
    later = START + dt.timedelta(days=20)
    with time_machine.travel(later, tick=False):
        schedules_flag_overdue()
        schedule = _schedule(top_candidate)
        assert schedule.overdue_since is not None
        if make_not_due == "touch":
            touch_point_log(candidate=top_candidate, kind=TouchKind.PHONE_CALL, occurred_at=later,
                            author=top_candidate.owner)
        elif make_not_due == "snooze":
            schedule_snooze(schedule=schedule, until=later + dt.timedelta(days=7))
        elif make_not_due == "pause":
            schedule_set_paused(schedule=schedule, paused=True)
        elif make_not_due == "not_interested":
            candidate_update(candidate=top_candidate, changed_by=top_candidate.owner, stage=Stage.NOT_INTERESTED)
        else:
            candidate_update(candidate=top_candidate, changed_by=top_candidate.owner, do_not_contact=True)
        assert schedules_flag_overdue().cleared == 1
    assert _schedule(top_candidate).overdue_since is None


def test_a_touch_that_leaves_it_still_overdue_keeps_the_original_flag(top_candidate):
    # Due day 14; a touch dated day 1 (logged late) moves next due to day 15, still past on day 40.
    later = START + dt.timedelta(days=40)
    with time_machine.travel(later, tick=False):
        schedules_flag_overdue()
        flagged_at = _schedule(top_candidate).overdue_since
        touch_point_log(candidate=top_candidate, kind=TouchKind.EMAIL, occurred_at=START + dt.timedelta(days=1),
                        author=top_candidate.owner)
        schedules_flag_overdue()
    assert _schedule(top_candidate).overdue_since == flagged_at


def _updates(captured) -> int:
    return sum(query["sql"].startswith("UPDATE") for query in captured.captured_queries)


def test_works_in_bounded_batches_without_missing_rows(django_assert_max_num_queries):
    with time_machine.travel(START, tick=False):
        schedules = [_schedule(candidate) for candidate in CandidateFactory.create_batch(7, tier=Tier.TOP)]
    # Each pass lists the ids of the rows it will change in one SELECT, then runs
    # one UPDATE per batch (1 + 3 + 3), each in its own savepoint here (SAVEPOINT, UPDATE, RELEASE);
    # the pass with nothing to change runs only its SELECT. So the count follows changed rows /
    # batch_size, never a query per row: (1 + 3*3) + 1 = 11.
    with (time_machine.travel(START + dt.timedelta(days=15), tick=False),
          django_assert_max_num_queries(11) as captured):
        result = schedules_flag_overdue(batch_size=3)
    assert result.flagged == 7
    assert _updates(captured) == 3
    assert CheckInSchedule.objects.filter(overdue_since__isnull=True).count() == 0

    # All 7 fell due at the same moment: batches follow ids, so equal times split cleanly.
    for schedule in schedules:
        schedule_set_paused(schedule=schedule, paused=True)
    with (time_machine.travel(START + dt.timedelta(days=16), tick=False),
          django_assert_max_num_queries(11) as captured):
        result = schedules_flag_overdue(batch_size=3)
    assert (result.flagged, result.cleared) == (0, 7)
    assert _updates(captured) == 3
    assert CheckInSchedule.objects.filter(overdue_since__isnull=False).count() == 0


def test_the_batch_count_does_not_grow_with_rows_when_they_fit_in_one_batch(django_assert_num_queries):
    with time_machine.travel(START, tick=False):
        CandidateFactory.create_batch(12, tier=Tier.TOP)
    # 12 rows to flag in batches of 50: one SELECT, one batch (1 + 3 queries); nothing to clear:
    # only the SELECT. The same 5 queries as for a single row.
    with (time_machine.travel(START + dt.timedelta(days=15), tick=False), django_assert_num_queries(5)):
        assert schedules_flag_overdue(batch_size=50).flagged == 12


def test_management_command_runs_the_job(top_candidate, capsys):
    with time_machine.travel(START + dt.timedelta(days=15), tick=False):
        call_command("flag_overdue")
    assert "1 check-ins flagged overdue, 0 cleared." in capsys.readouterr().out
    assert _schedule(top_candidate).overdue_since is not None


def test_a_pass_with_nothing_to_change_only_reads(top_candidate, django_assert_num_queries):
    CandidateFactory(tier=Tier.POOL)
    with time_machine.travel(START + dt.timedelta(days=20), tick=False):
        schedules_flag_overdue()
        # One SELECT to plan the flagging batches, one to plan the clearing ones; no UPDATE.
        with django_assert_num_queries(2) as captured:
            result = schedules_flag_overdue()
    assert (result.flagged, result.cleared) == (0, 0)
    assert _updates(captured) == 0


def test_only_rows_whose_flag_is_wrong_are_written(top_candidate):
    # An overdue schedule already flagged and one not due are both left alone (same
    # updated_at, same flag) while a newly overdue one is flagged.
    with time_machine.travel(START, tick=False):
        later_due = CandidateFactory(tier=Tier.WARM)
        not_due = CandidateFactory(tier=Tier.POOL)
    with time_machine.travel(START + dt.timedelta(days=15), tick=False):
        schedules_flag_overdue()
    before = {s.candidate_id: (s.overdue_since, s.updated_at) for s in CheckInSchedule.objects.all()}
    with time_machine.travel(START + dt.timedelta(days=40), tick=False):
        assert schedules_flag_overdue().flagged == 1
    after = {s.candidate_id: (s.overdue_since, s.updated_at) for s in CheckInSchedule.objects.all()}
    assert after[top_candidate.pk] == before[top_candidate.pk]
    assert after[not_due.pk] == before[not_due.pk] == (None, before[not_due.pk][1])
    assert after[later_due.pk][0] == _schedule(later_due).next_due_at
    assert after[later_due.pk][1] == before[later_due.pk][1]  # the job never moves updated_at


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index definitions and fillfactor are PostgreSQL's")
def test_the_flag_can_be_written_in_place_without_touching_an_index():
    # A HOT update needs every index to leave overdue_since alone and free room on the page.
    table = CheckInSchedule._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
        indexes = dict(cursor.fetchall())
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [table])
        (options,) = cursor.fetchone()
    assert indexes and not [name for name, definition in indexes.items() if "overdue_since" in definition]
    assert "fillfactor=80" in (options or [])
