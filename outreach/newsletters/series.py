"""Series: drafting each issue ahead of its time, skipping the ones nobody approved, starting the rest.

Run every few minutes by the beat job (jobs.py). Each step is idempotent: an issue is unique
per series and send time, a skipped issue stays skipped, a started issue is not started again.
"""
import dataclasses
import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from outreach.mail.choices import MailStatus
from outreach.mail.models import OutboundEmail

from .choices import NewsletterStatus
from .models import Newsletter, Series
from .sending import STALE_CLAIM
from .services import newsletter_send_enqueue, newsletter_start

logger = logging.getLogger(__name__)

FIRST_ISSUE_BODY = ("Hi {{ first_name }},\n\nHere is what happened on the team since our last update:\n\n- \n\n"
                    "{{ recruiter_name }}")


@dataclasses.dataclass
class TickResult:
    drafted: list[int] = dataclasses.field(default_factory=list)
    skipped: int = 0
    started: list[int] = dataclasses.field(default_factory=list)
    resumed: list[int] = dataclasses.field(default_factory=list)


def _draft(series: Series, when: dt.datetime) -> Newsletter | None:
    """The issue for `when`, copying the series' latest issue (its subject, preheader and body)."""
    last = series.issues.exclude(status=NewsletterStatus.SKIPPED).order_by("-scheduled_for", "-id").first()
    try:
        with transaction.atomic():
            return Newsletter.objects.create(
                series=series, topic=series.topic, segment=series.segment, author=series.owner,
                from_team=series.from_team, scheduled_for=when,
                subject=last.subject if last else series.name, preheader=last.preheader if last else "",
                body=last.body if last else FIRST_ISSUE_BODY,
            )
    except IntegrityError:  # drafted by an earlier run (the unique series + time)
        return None


def series_drafts_create(*, now: dt.datetime) -> list[int]:
    drafted = []
    for series in Series.objects.filter(active=True).select_related("owner__profile", "segment"):
        horizon = now + dt.timedelta(days=series.draft_days_ahead)
        for when in series.issue_times(after=now, count=3):
            if when > horizon:
                break
            if not series.issues.filter(scheduled_for=when).exists():
                issue = _draft(series, when)
                if issue:
                    drafted.append(issue.pk)
    return drafted


def _stalled(now: dt.datetime) -> list[int]:
    """Issues sending with work left and no worker on them for STALE_CLAIM (its worker died)."""
    stalled = []
    for issue in Newsletter.objects.sending().filter(Q(throttled_until__isnull=True) | Q(throttled_until__lt=now)):
        recent = OutboundEmail.objects.filter(batch_key=issue.batch_key).aggregate(
            claimed=Max("claimed_at"), sent=Max("sent_at"))
        latest = max([t for t in recent.values() if t] or [issue.started_at or now])
        if latest < now - STALE_CLAIM and issue.recipients().filter(
                status__in=[MailStatus.QUEUED, MailStatus.SENDING]).exists():
            stalled.append(issue.pk)
    return stalled


def newsletters_tick(*, now: dt.datetime | None = None) -> TickResult:
    """Draft what is coming, skip what was not approved in time, start what is due, revive what stalled."""
    now = now or timezone.now()
    result = TickResult(drafted=series_drafts_create(now=now))
    result.skipped = Newsletter.objects.unapproved_past(now).update(status=NewsletterStatus.SKIPPED,
                                                                    finished_at=now)
    if result.skipped:
        logger.warning("Newsletters: %d series issues skipped, not approved by their send time", result.skipped)
    for issue in Newsletter.objects.due(now).order_by("scheduled_for"):
        newsletter_start(newsletter=issue, now=now)
        result.started.append(issue.pk)
    for pk in _stalled(now):
        with transaction.atomic():
            newsletter_send_enqueue(pk)
        result.resumed.append(pk)
    return result
