"""What the roll-ups must look at again (rollup.py): past days written to, and books that changed.

Today's events need nothing: the page reads today live, and the refresh adds each day once
it has ended. What does need a note, written in the same transaction as the change:

- a touch point, stage change, interview or scorecard written for a day already over
  (a call logged late, feedback shared on last month's interview);
- a candidate whose owner or tier changes: the owner and tier they had, so the refresh can
  move their history between levels; both owners' books change;
- a candidate removed or merged: every past day of their history;
- a candidate or a schedule saved (a new stage, a touch logged, paused, a new cadence): its
  owner's book changed.

Bulk writes that skip model signals note what they change themselves (merges, imports).
"""
import datetime as dt

from django.db import connection
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from candidates.models import Candidate, Feedback, Interview, StageChange

from ..models import CheckInSchedule, DashboardChange, TouchPoint
from . import rollup_sql
from .rollup_codes import Family

CHANGES = DashboardChange._meta.db_table


def _utc_today() -> dt.date:
    return timezone.now().astimezone(dt.UTC).date()


def _utc_day(moment: dt.datetime | None) -> dt.date | None:
    return moment.astimezone(dt.UTC).date() if moment else None


def mark_day(family: Family, day: dt.date | None, candidate_id: int | None) -> None:
    """A past day of one family's events changed (nothing to note for today, read live)."""
    if day is not None and day < _utc_today():
        DashboardChange.objects.create(family=family, day=day, candidate_id=candidate_id)


def mark_book(owner_id: int | None) -> None:
    if owner_id:
        DashboardChange.objects.create(family=Family.CURRENT, owner_id=owner_id)


# Each family's past days for some candidates: (table, the day's SQL, the candidate column, a join).
_HISTORY = {
    Family.TOUCHES: (TouchPoint._meta.db_table, rollup_sql.utc_day("e.occurred_at"), "e.candidate_id", ""),
    Family.STAGE_CHANGES: (StageChange._meta.db_table, rollup_sql.utc_day("e.changed_at"), "e.candidate_id", ""),
    Family.INTERVIEWS: (Interview._meta.db_table, "e.occurred_on", "e.candidate_id", ""),
    Family.FEEDBACK: (Feedback._meta.db_table, rollup_sql.utc_day("e.shared_at"), "i.candidate_id",
                      f"JOIN {Interview._meta.db_table} i ON i.id = e.interview_id"),
}


def mark_candidates(candidate_ids: list[int], *, owners=()) -> None:
    """Every past day of these candidates' history, and these owners' books, must be recomputed."""
    for owner in set(owners):
        mark_book(owner)
    if not candidate_ids or connection.vendor != "postgresql":
        return
    today = _utc_today()
    with connection.cursor() as cursor:
        for family, (table, day_sql, candidate, join) in _HISTORY.items():
            cursor.execute(
                f"INSERT INTO {CHANGES} (family, day, candidate_id) "  # noqa: S608 - names from the models
                f"SELECT DISTINCT %s, {day_sql}, {candidate} FROM {table} e {join} "
                f"WHERE {candidate} = ANY(%s) AND {day_sql} < %s",
                [family.value, list(candidate_ids), today],
            )


def _touch_saved(sender, instance: TouchPoint, raw=False, **kwargs) -> None:
    if not raw:
        mark_day(Family.TOUCHES, _utc_day(instance.occurred_at), instance.candidate_id)


def _stage_change_saved(sender, instance: StageChange, raw=False, **kwargs) -> None:
    if not raw:
        mark_day(Family.STAGE_CHANGES, _utc_day(instance.changed_at), instance.candidate_id)


def _interview_before_save(sender, instance: Interview, raw=False, **kwargs) -> None:
    if raw or instance._state.adding:
        return
    before = Interview.objects.filter(pk=instance.pk).values_list("occurred_on", flat=True).first()
    if before and before != instance.occurred_on:
        mark_day(Family.INTERVIEWS, before, instance.candidate_id)


def _interview_changed(sender, instance: Interview, raw=False, **kwargs) -> None:
    if not raw:
        mark_day(Family.INTERVIEWS, instance.occurred_on, instance.candidate_id)


def _feedback_changed(sender, instance: Feedback, raw=False, **kwargs) -> None:
    if raw:
        return
    interview = Interview.objects.filter(pk=instance.interview_id).values_list("occurred_on", "candidate_id").first()
    if interview is None:
        return  # removed with its interview, which noted its own day
    occurred_on, candidate_id = interview
    mark_day(Family.INTERVIEWS, occurred_on, candidate_id)
    mark_day(Family.FEEDBACK, _utc_day(instance.shared_at), candidate_id)


def _schedule_saved(sender, instance: CheckInSchedule, raw=False, **kwargs) -> None:
    if not raw:
        mark_book(instance.owner_id)


def _candidate_before_save(sender, instance: Candidate, raw=False, update_fields=None, **kwargs) -> None:
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not {"owner", "owner_id", "tier"} & set(update_fields):
        return
    before = Candidate.objects.filter(pk=instance.pk).values_list("owner_id", "tier").first()
    if before and before != (instance.owner_id, instance.tier):
        # The refresh moves their history from the old group to the new one (rollup.py).
        DashboardChange.objects.create(family=Family.REGROUP, candidate_id=instance.pk, owner_id=before[0],
                                       tier=before[1])
        mark_book(instance.owner_id)


def _candidate_saved(sender, instance: Candidate, raw=False, **kwargs) -> None:
    if not raw:
        mark_book(instance.owner_id)


def _candidate_removed(sender, instance: Candidate, **kwargs) -> None:
    mark_candidates([instance.pk], owners=[instance.owner_id])


def connect() -> None:
    """Called from the outreach app's ready()."""
    for i, (signal, receiver, model) in enumerate((
        (post_save, _touch_saved, TouchPoint),
        (post_save, _stage_change_saved, StageChange),
        (pre_save, _interview_before_save, Interview),
        (post_save, _interview_changed, Interview),
        (post_delete, _interview_changed, Interview),
        (post_save, _feedback_changed, Feedback),
        (post_delete, _feedback_changed, Feedback),
        (post_save, _schedule_saved, CheckInSchedule),
        (pre_save, _candidate_before_save, Candidate),
        (post_save, _candidate_saved, Candidate),
        (pre_delete, _candidate_removed, Candidate),
    )):
        signal.connect(receiver, sender=model, dispatch_uid=f"outreach.dashboard.changes.{i}")
