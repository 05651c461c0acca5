"""Flagging overdue check-ins, in SQL and in bounded batches.

The job runs every 15 minutes over every schedule in the database, so it never
loops over rows in Python, and each batch is one UPDATE that commits on its
own: with a million schedules no transaction ever holds more than `batch_size`
row locks, and web requests that log touch points keep flowing in between.

One SELECT lists the ids of the rows to change, in id order; each batch is one
UPDATE of the next `batch_size` of them that still need the change. (A batch of
"the next n matching rows" re-scans from the start and steps over every row
already handled, so a pass grew with the square of the table.) Batches in id
order read and write one stretch of the table's pages each. When there is
nothing to change a pass is that one SELECT.

The job writes overdue_since and nothing else, and only on rows whose flag is
wrong. No index mentions that column and the table keeps room on every page
(migration 0004), so PostgreSQL updates each row in place without adding an
entry to any index (a HOT update); that is most of what a first pass over a
million schedules costs. The price is that finding flagged rows to clear walks
the table rather than an index on overdue_since, a fraction of a second.

Both passes only touch rows whose flag is wrong, so a second run changes
nothing, and a run interrupted halfway is finished by the next one, as is a
row that starts needing a change after the SELECT that planned the batches.
"""
import dataclasses
import datetime as dt

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from candidates.choices import INACTIVE_STAGES

from .models import CheckInSchedule

DEFAULT_BATCH_SIZE = 2000


@dataclasses.dataclass(frozen=True)
class OverdueResult:
    flagged: int
    cleared: int


def _update_in_batches(queryset, *, batch_size: int, **changes) -> int:
    """Update `queryset` in batches of at most batch_size rows, in id order, planned by one SELECT."""
    # Only the ids, so a few megabytes even for a first pass over a million schedules. (Not a
    # server-side cursor: PostgreSQL plans those for the first rows, several times slower here.)
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    total = 0
    for start in range(0, len(ids), batch_size):
        batch = ids[start:start + batch_size]
        # The row still has to match, so one that changed since the SELECT is left alone. The id
        # range on top of the list steers the planner to the primary key for just these rows
        # (rather than intersecting it with a bitmap of every due schedule, batch after batch).
        with transaction.atomic():
            total += queryset.filter(pk__gte=batch[0], pk__lte=batch[-1], pk__in=batch).update(**changes)
    return total


def schedules_flag_overdue(*, now: dt.datetime | None = None, batch_size: int = DEFAULT_BATCH_SIZE) -> OverdueResult:
    """Set overdue_since on schedules that just became due; clear it on those that no longer are."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    now = now or timezone.now()
    due = CheckInSchedule.objects.overdue(now)
    # overdue_since is when the check-in fell due, not when this job noticed:
    # it does not depend on how late the job ran, and is never moved afterwards.
    flagged = _update_in_batches(
        due.filter(overdue_since__isnull=True), batch_size=batch_size,
        overdue_since=F("next_due_at"),
    )
    # Cleared: a touch was logged, the schedule was snoozed or paused, or the
    # candidate asked not to be contacted.
    # The mirror image of ScheduleQuerySet.active().due_by(now).
    no_longer_due = CheckInSchedule.objects.filter(overdue_since__isnull=False).filter(
        Q(paused=True)
        | Q(next_due_at__gt=now)
        | Q(candidate__do_not_contact=True)
        | Q(candidate__stage__in=INACTIVE_STAGES)
    )
    cleared = _update_in_batches(no_longer_due, batch_size=batch_size, overdue_since=None)
    return OverdueResult(flagged=flagged, cleared=cleared)
