"""Flagging overdue check-ins, in SQL and in bounded batches.

The job runs every 15 minutes over every schedule in the database, so it never
loops over rows in Python: each pass is one UPDATE ... WHERE id IN (SELECT id
... LIMIT n). A batch commits on its own, so with a million schedules no
transaction ever holds more than `batch_size` row locks, and web requests that
log touch points keep flowing in between.

Both passes only touch rows whose flag is wrong, so a second run changes
nothing, and a run interrupted halfway is finished by the next one.
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


def _update_in_batches(queryset, batch_size: int, **changes) -> int:
    total = 0
    while True:
        with transaction.atomic():
            # No ORDER BY: any batch will do, and the planner stays on the partial indexes.
            ids = queryset.order_by().values("pk")[:batch_size]
            updated = CheckInSchedule.objects.filter(pk__in=ids).update(**changes)
        total += updated
        # Rows leave the queryset once updated, so a short batch means we are done.
        if updated < batch_size:
            return total


def schedules_flag_overdue(*, now: dt.datetime | None = None, batch_size: int = DEFAULT_BATCH_SIZE) -> OverdueResult:
    """Set overdue_since on schedules that just became due; clear it on those that no longer are."""
    now = now or timezone.now()
    due = CheckInSchedule.objects.overdue(now)
    # overdue_since is when the check-in fell due, not when this job noticed:
    # it does not depend on how late the job ran, and is never moved afterwards.
    flagged = _update_in_batches(due.filter(overdue_since__isnull=True), batch_size, overdue_since=F("next_due_at"))
    # Cleared: a touch was logged, the schedule was snoozed or paused, or the
    # candidate asked not to be contacted.
    # The mirror image of ScheduleQuerySet.active().due_by(now), spelled out so
    # the database walks the small partial index on overdue_since.
    no_longer_due = CheckInSchedule.objects.filter(overdue_since__isnull=False).filter(
        Q(paused=True)
        | Q(next_due_at__gt=now)
        | Q(candidate__do_not_contact=True)
        | Q(candidate__stage__in=INACTIVE_STAGES)
    )
    cleared = _update_in_batches(no_longer_due, batch_size, overdue_since=None)
    return OverdueResult(flagged=flagged, cleared=cleared)
