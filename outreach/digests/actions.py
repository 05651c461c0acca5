"""What a digest's one-click link does once its button is pressed: log a touch, or snooze a week.

Exactly once per link: the check-in row is locked, the link's use is recorded in the same
transaction as the touch point (DigestLinkUse, unique on the link's hash), and a link for a
check-in that has moved on since the digest (someone logged a touch, snoozed, changed the
cadence) does nothing rather than act on what the recruiter can no longer see.
"""
import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from ..choices import TouchKind
from ..forms import MANUAL_TOUCH_KINDS
from ..models import CheckInSchedule, DigestLinkUse, TouchPoint
from ..services import schedule_snooze, touch_point_log
from .links import DigestAction, DigestLink, due_stamp

User = get_user_model()

SNOOZE_FOR = dt.timedelta(days=7)
SUMMARY = "Logged from the digest"

DONE = "done"
ALREADY_USED = "already_used"
MOVED_ON = "moved_on"


@dataclass(frozen=True)
class LinkResult:
    outcome: str  # DONE, ALREADY_USED or MOVED_ON
    schedule: CheckInSchedule
    touch: TouchPoint | None = None


def logged_kind(schedule: CheckInSchedule) -> str:
    """The kind of touch "Logged it" records: the channel the recruiter prefers for this candidate
    (what the digest row told them), or "other" when that is not a kind people log by hand."""
    return schedule.preferred_channel if schedule.preferred_channel in dict(MANUAL_TOUCH_KINDS) else TouchKind.OTHER


def link_state(*, link: DigestLink, schedule: CheckInSchedule) -> str | None:
    """ALREADY_USED or MOVED_ON when pressing the button would do nothing; None when it would act."""
    if DigestLinkUse.objects.filter(link_hash=link.token_hash).exists():
        return ALREADY_USED
    if due_stamp(schedule.next_due_at) != link.due_at:
        return MOVED_ON
    return None


@transaction.atomic
def digest_link_use(*, link: DigestLink, user: User, now: dt.datetime) -> LinkResult:
    """Do what the link says, once. The caller has checked that `user` is the link's recruiter."""
    # The lock serialises two presses of the same button (two tabs, a double click).
    schedule = CheckInSchedule.objects.select_for_update().select_related("candidate").get(
        candidate_id=link.candidate_id
    )
    if refused := link_state(link=link, schedule=schedule):
        return LinkResult(outcome=refused, schedule=schedule)
    DigestLinkUse.objects.create(link_hash=link.token_hash, user=user, candidate_id=link.candidate_id,
                                 action=link.action, used_at=now)
    touch = None
    if link.action == DigestAction.LOGGED:
        touch = touch_point_log(candidate=schedule.candidate, kind=logged_kind(schedule), occurred_at=now,
                                author=user, summary=SUMMARY)
        schedule.refresh_from_db()
    else:
        schedule = schedule_snooze(schedule=schedule, until=now + SNOOZE_FOR)
    return LinkResult(outcome=DONE, schedule=schedule, touch=touch)
