"""Writes on signals: a recruiter dismisses one, or acts on it by getting in touch."""
import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from outreach.choices import Direction

from .choices import SignalState
from .models import Signal


class SignalClosed(Exception):
    """Someone dismissed it or got in touch already (another tab, a colleague, the digest link)."""


@transaction.atomic
def signal_dismiss(*, signal: Signal, user: User, now: dt.datetime | None = None) -> Signal:
    """Dismiss a live signal for good: the job never raises the same one again."""
    now = now or timezone.now()
    changed = Signal.objects.filter(pk=signal.pk, state=SignalState.LIVE).update(
        state=SignalState.DISMISSED, closed_at=now, closed_by=user
    )
    if not changed:
        raise SignalClosed(signal)
    signal.refresh_from_db()
    return signal


def signals_mark_acted(*, candidate_id: int, user: User | None, now: dt.datetime) -> int:
    """Every live signal of the candidate is acted on once a recruiter gets in touch; returns how many."""
    return Signal.objects.filter(candidate_id=candidate_id, state=SignalState.LIVE).update(
        state=SignalState.ACTED, closed_at=now, closed_by=user
    )


def on_touch_point(sender, *, touch_point, **kwargs) -> None:
    """A touch someone on the team made (not their reply, not a bulk newsletter) answers the signals."""
    if touch_point.direction == Direction.OUTBOUND and touch_point.author_id:
        signals_mark_acted(candidate_id=touch_point.candidate_id, user=touch_point.author,
                           now=touch_point.created_at or timezone.now())
