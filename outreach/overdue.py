"""Flagging overdue check-ins, in SQL and in bounded batches.

The job runs every 15 minutes over every schedule in the database, so it never
loops over rows in Python, and each batch is one UPDATE that commits on its
own: with a million schedules no transaction ever holds more than `batch_size`
row locks, and web requests that log touch points keep flowing in between.

Every batch starts where the previous one stopped. A batch of "the next n
matching rows" with no position restarts its scan at the beginning and steps
over every row already handled, so a full pass grew with the square of the
table. Instead, one sorted SELECT finds every `batch_size`-th row to change, in
(indexed column, id) order, and each batch updates the rows between two of
those boundaries: a range scan of the partial index on next_due_at (flagging)
or on overdue_since (clearing). A pass reads each index once; when there is
nothing to change it is that one SELECT.

Both passes only touch rows whose flag is wrong, so a second run changes
nothing, and a run interrupted halfway is finished by the next one, as is a
row that starts needing a change after the SELECT that planned the batches.
"""
import dataclasses
import datetime as dt

from django.db import transaction
from django.db.models import F, Q, Window
from django.db.models.functions import Mod, RowNumber
from django.utils import timezone

from candidates.choices import INACTIVE_STAGES

from .models import CheckInSchedule

DEFAULT_BATCH_SIZE = 2000


@dataclasses.dataclass(frozen=True)
class OverdueResult:
    flagged: int
    cleared: int


def _update_in_batches(queryset, *, key: str, batch_size: int, **changes) -> int:
    """Update `queryset` in batches of at most batch_size rows, walking it once in (key, pk) order."""
    order = [F(key).asc(), F("pk").asc()]
    # Counted from the end, so the last row to change is always a boundary: no
    # batch is needed past it, and nothing to change means no UPDATE at all.
    from_end = Window(RowNumber(), order_by=[F(key).desc(), F("pk").desc()])
    boundaries = (
        queryset.annotate(position=Mod(from_end - 1, batch_size))
        .filter(position=0)
        .order_by(*order)
        .values_list(key, "pk")
    )
    after = Q()
    total = 0
    for value, pk in boundaries:
        # The plain >= / <= bound the index range scan; the OR only settles ties between equal times.
        up_to = Q(**{f"{key}__lte": value}) & (Q(**{f"{key}__lt": value}) | Q(**{key: value, "pk__lte": pk}))
        with transaction.atomic():
            total += queryset.filter(after, up_to).update(**changes)
        after = Q(**{f"{key}__gte": value}) & (Q(**{f"{key}__gt": value}) | Q(**{key: value, "pk__gt": pk}))
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
        due.filter(overdue_since__isnull=True), key="next_due_at", batch_size=batch_size,
        overdue_since=F("next_due_at"),
    )
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
    cleared = _update_in_batches(no_longer_due, key="overdue_since", batch_size=batch_size, overdue_since=None)
    return OverdueResult(flagged=flagged, cleared=cleared)
