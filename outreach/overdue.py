"""Flagging overdue check-ins, in SQL and in bounded batches.

The job runs every 15 minutes over every schedule in the database, so it never
loops over rows in Python, and each batch is one UPDATE that commits on its
own: with a million schedules no transaction ever holds more than `batch_size`
row locks, and web requests that log touch points keep flowing in between.

Every batch starts where the previous one stopped. A batch of "the next n
matching rows" with no position restarts its scan at the beginning and steps
over every row already handled, so a full pass grew with the square of the
table. Flagging walks the primary key in windows of `batch_size` ids (one pass
over the table); clearing walks the small partial index on overdue_since in
(overdue_since, id) order, `batch_size` flagged rows at a time.

Both passes only touch rows whose flag is wrong, so a second run changes
nothing, and a run interrupted halfway is finished by the next one. Schedules
created while a run is under way, above the last window, wait for the next run.
"""
import dataclasses
import datetime as dt

from django.db import transaction
from django.db.models import F, Max, Min, Q, Window
from django.db.models.functions import Mod, RowNumber
from django.utils import timezone

from candidates.choices import INACTIVE_STAGES

from .models import CheckInSchedule

# Ids per window: 10,000 keeps each transaction short (tens of milliseconds)
# while a million schedules take only a hundred round trips.
DEFAULT_BATCH_SIZE = 10_000


@dataclasses.dataclass(frozen=True)
class OverdueResult:
    flagged: int
    cleared: int


def _update_in_windows(queryset, *, first_pk: int, last_pk: int, batch_size: int, **changes) -> int:
    total = 0
    for low in range(first_pk, last_pk + 1, batch_size):
        with transaction.atomic():
            total += queryset.filter(pk__range=(low, low + batch_size - 1)).update(**changes)
    return total


def _clear_in_batches(queryset, *, batch_size: int) -> int:
    # Every batch_size-th flagged row in (overdue_since, id) order, found in one
    # sorted pass; each batch then clears between two of them with one range
    # scan of the partial index. Asking for "the next boundary" batch by batch
    # instead sorted the whole remainder of the index every time.
    order = [F("overdue_since").asc(), F("pk").asc()]
    boundaries = list(
        CheckInSchedule.objects.filter(overdue_since__isnull=False)
        .annotate(position=Mod(Window(RowNumber(), order_by=order), batch_size))
        .filter(position=0)
        .order_by(*order)
        .values_list("overdue_since", "pk")
    )
    after = Q()
    total = 0
    for since, pk in boundaries:
        # The plain >= / <= bound the index range scan; the OR only settles ties between equal times.
        up_to = Q(overdue_since__lte=since) & (Q(overdue_since__lt=since) | Q(overdue_since=since, pk__lte=pk))
        with transaction.atomic():
            total += queryset.filter(after, up_to).update(overdue_since=None)
        after = Q(overdue_since__gte=since) & (Q(overdue_since__gt=since) | Q(overdue_since=since, pk__gt=pk))
    with transaction.atomic():
        # The rows after the last boundary: fewer than batch_size, unless some were flagged meanwhile.
        return total + queryset.filter(after).update(overdue_since=None)


def schedules_flag_overdue(*, now: dt.datetime | None = None, batch_size: int = DEFAULT_BATCH_SIZE) -> OverdueResult:
    """Set overdue_since on schedules that just became due; clear it on those that no longer are."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    now = now or timezone.now()
    bounds = CheckInSchedule.objects.aggregate(first_pk=Min("pk"), last_pk=Max("pk"))
    if bounds["first_pk"] is None:
        return OverdueResult(flagged=0, cleared=0)
    due = CheckInSchedule.objects.overdue(now)
    # overdue_since is when the check-in fell due, not when this job noticed:
    # it does not depend on how late the job ran, and is never moved afterwards.
    flagged = _update_in_windows(
        due.filter(overdue_since__isnull=True), **bounds, batch_size=batch_size, overdue_since=F("next_due_at")
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
    cleared = _clear_in_batches(no_longer_due, batch_size=batch_size)
    return OverdueResult(flagged=flagged, cleared=cleared)
