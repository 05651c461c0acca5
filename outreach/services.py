"""Every write about keeping in touch. Keyword-only, one transaction each.

The schedule rules, in one place:
- a new candidate's cadence is its tier's default, first check-in one cadence from now;
- logging a touch point newer than the last one moves next_due_at to touch + cadence
  (and ends any snooze); an older touch goes on the timeline but never moves the
  schedule backwards;
- a snooze only ever moves next_due_at forward;
- a paused schedule is left out of every due list until resumed;
- changing the cadence re-plans from the last touch; changing the tier does the
  same unless the cadence was set by hand.

The dates a person gives (when a touch happened, when feedback was shared, snoozed
until when) are checked against the window (candidates.dates) before anything is written.
"""
import datetime as dt

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from candidates.choices import TIER_DEFAULT_CADENCE_DAYS
from candidates.dates import HAPPENED, PLANNED
from candidates.models import Candidate, Feedback

from .choices import Direction, TouchKind
from .models import CheckInSchedule, TouchPoint
from .touch_signals import touch_point_logged

User = get_user_model()


def _plan_from(schedule: CheckInSchedule) -> dt.datetime:
    anchor = schedule.last_touch_at or schedule.candidate.created_at or timezone.now()
    planned = anchor + dt.timedelta(days=schedule.cadence_days)
    if schedule.snoozed_until and schedule.snoozed_until > planned:
        return schedule.snoozed_until
    return planned


def schedule_create(*, candidate: Candidate, last_touch_at: dt.datetime | None = None) -> CheckInSchedule:
    cadence = TIER_DEFAULT_CADENCE_DAYS[candidate.tier]
    anchor = last_touch_at or timezone.now()
    schedule, _ = CheckInSchedule.objects.get_or_create(
        candidate=candidate,
        defaults={
            "cadence_days": cadence,
            "last_touch_at": last_touch_at,
            "next_due_at": anchor + dt.timedelta(days=cadence),
            "owner_id": candidate.owner_id,
            "tier": candidate.tier,
        },
    )
    return schedule


def schedules_create_for(*, candidate_ids: list[int]) -> None:
    """schedule_create for many new candidates at once (an import), in SQL: one INSERT per tier,
    copied from the candidates' rows, so 100,000 schedules need no model instance each."""
    if not candidate_ids:
        return
    now = timezone.now()
    table, candidates = CheckInSchedule._meta.db_table, Candidate._meta.db_table
    ids = ", ".join(str(int(pk)) for pk in candidate_ids)
    with connection.cursor() as cursor:
        for tier, cadence in TIER_DEFAULT_CADENCE_DAYS.items():
            cursor.execute(
                # Names from the models, ids cast to int above, every other value a parameter.
                f"INSERT INTO {table} (candidate_id, owner_id, tier, cadence_days, cadence_customised,"  # noqa: S608
                " preferred_channel, last_touch_summary, next_due_at, paused, updated_at)"
                f" SELECT id, owner_id, tier, %s, %s, %s, '', %s, %s, %s FROM {candidates}"
                f" WHERE tier = %s AND id IN ({ids}) ON CONFLICT DO NOTHING",
                [cadence, False, TouchKind.EMAIL, now + dt.timedelta(days=cadence), False, now, int(tier)],
            )


def schedule_copy_candidate(*, candidate: Candidate) -> None:
    """The schedule's copies of its candidate's owner and tier, after either changed."""
    CheckInSchedule.objects.filter(candidate=candidate).update(owner_id=candidate.owner_id, tier=candidate.tier)


@transaction.atomic
def schedule_apply_tier(*, schedule: CheckInSchedule) -> None:
    """After a tier change, follow the new tier's default cadence unless it was set by hand."""
    if schedule.cadence_customised:
        return
    schedule.cadence_days = TIER_DEFAULT_CADENCE_DAYS[schedule.candidate.tier]
    schedule.next_due_at = _plan_from(schedule)
    schedule.save(update_fields=["cadence_days", "next_due_at", "updated_at"])


@transaction.atomic
def schedule_set_cadence(
    *, schedule: CheckInSchedule, cadence_days: int, preferred_channel: str | None = None
) -> CheckInSchedule:
    schedule.cadence_days = cadence_days
    schedule.cadence_customised = cadence_days != TIER_DEFAULT_CADENCE_DAYS[schedule.candidate.tier]
    if preferred_channel:
        schedule.preferred_channel = preferred_channel
    schedule.next_due_at = _plan_from(schedule)
    schedule.save(
        update_fields=["cadence_days", "cadence_customised", "preferred_channel", "next_due_at", "updated_at"]
    )
    return schedule


@transaction.atomic
def schedule_snooze(*, schedule: CheckInSchedule, until: dt.datetime) -> CheckInSchedule:
    PLANNED.require(until=until)
    schedule.snoozed_until = until
    schedule.next_due_at = max(schedule.next_due_at, until)
    schedule.save(update_fields=["snoozed_until", "next_due_at", "updated_at"])
    return schedule


@transaction.atomic
def schedule_set_paused(*, schedule: CheckInSchedule, paused: bool) -> CheckInSchedule:
    schedule.paused = paused
    schedule.save(update_fields=["paused", "updated_at"])
    return schedule


def schedule_register_touch(*, schedule: CheckInSchedule, touched_at: dt.datetime, summary: str = "") -> bool:
    """Move the schedule on after a touch; returns False when the touch is older than the last one."""
    if schedule.last_touch_at and touched_at <= schedule.last_touch_at:
        return False
    schedule.last_touch_at = touched_at
    schedule.last_touch_summary = summary[:300]
    schedule.snoozed_until = None
    schedule.next_due_at = touched_at + dt.timedelta(days=schedule.cadence_days)
    schedule.save(
        update_fields=["last_touch_at", "last_touch_summary", "snoozed_until", "next_due_at", "updated_at"]
    )
    return True


@transaction.atomic
def touch_point_log(
    *,
    candidate: Candidate,
    kind: str,
    occurred_at: dt.datetime,
    author: User,
    summary: str = "",
    direction: str = Direction.OUTBOUND,
    moves_cadence: bool = True,
) -> TouchPoint:
    """Record a touch point and, unless `moves_cadence` is False, start the check-in cadence afresh.

    A personal touch (a call, a coffee, a reply, meeting them at an event) moves the cadence;
    a newsletter lands on the timeline without it, since it is not a personal touch.
    """
    HAPPENED.require(occurred_at=occurred_at)
    touch = TouchPoint.objects.create(
        candidate=candidate, kind=kind, occurred_at=occurred_at, author=author, summary=summary, direction=direction
    )
    touch_point_logged.send(sender=TouchPoint, touch_point=touch)
    if not moves_cadence:
        return touch
    # Lock the schedule row: two touches logged at once must not both win.
    schedule = CheckInSchedule.objects.select_for_update().select_related("candidate").filter(
        candidate=candidate
    ).first() or schedule_create(candidate=candidate)  # a candidate added outside the services has none yet
    schedule_register_touch(schedule=schedule, touched_at=occurred_at, summary=summary)
    return touch


def touch_points_log_bulk(*, touch_points: list[TouchPoint], batch_size: int = 1000) -> list[TouchPoint]:
    """Insert many unsaved touch points at once (newsletter deliveries): timeline entries only.

    Never moves a cadence: what comes in bulk is not a personal touch. Times must already be
    in the past (the same window as touch_point_log).
    """
    for touch in touch_points:
        HAPPENED.require(occurred_at=touch.occurred_at)
    return TouchPoint.objects.bulk_create(touch_points, batch_size=batch_size)


class FeedbackAlreadyShared(Exception):
    """The scorecard was shared before; sharing it again would count a second touch point."""

    def __init__(self, feedback: Feedback):
        super().__init__(f"Feedback {feedback.pk} was already shared on {feedback.shared_at:%Y-%m-%d}.")
        self.feedback = feedback


@transaction.atomic
def feedback_share(*, feedback: Feedback, via: str, shared_at: dt.datetime, shared_by: User) -> TouchPoint:
    """Mark the candidate-facing note as shared and count it as a touch point, exactly once."""
    HAPPENED.require(shared_at=shared_at)
    # Lock the scorecard so two clicks on "share" cannot both record a touch point.
    current = Feedback.objects.select_for_update().select_related("interview__candidate").get(pk=feedback.pk)
    if current.shared_at:
        raise FeedbackAlreadyShared(current)
    feedback.shared_at = shared_at
    feedback.shared_via = via
    feedback.save(update_fields=["shared_at", "shared_via"])
    interview = current.interview
    return touch_point_log(
        candidate=interview.candidate,
        kind=TouchKind.FEEDBACK_SHARED,
        occurred_at=shared_at,
        author=shared_by,
        summary=feedback.candidate_note or f"Shared feedback on the {interview.role_title} interview.",
    )
