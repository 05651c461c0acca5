"""Every write that moves a newsletter along: write, schedule, start, pause, resume, cancel, retry.

Each owns its transaction and locks the issue's row, so two clicks (or a click and the beat
job) cannot start one issue twice. Starting materialises the recipients in the same
transaction and enqueues the send task once it commits.
"""
import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from outreach.mail.choices import MailStatus
from outreach.mail.models import OutboundEmail

from .choices import EDITABLE, NewsletterStatus
from .materialise import recipients_materialise
from .models import Newsletter, Series
from .tasks import send_newsletter

User = get_user_model()
logger = logging.getLogger(__name__)

# Cancelled before it was sent: kept on the row like a suppression reason.
CANCELLED_REASON = "cancelled"


class NotAllowedNow(Exception):
    """The issue is not in a state where this makes sense (e.g. pausing a sent issue)."""


def _locked(newsletter: Newsletter) -> Newsletter:
    return Newsletter.objects.select_for_update().select_related("segment", "author").get(pk=newsletter.pk)


def newsletter_send_enqueue(newsletter_id: int) -> None:
    """Start (or revive) the send task once the current transaction commits."""
    transaction.on_commit(lambda: send_newsletter.delay(newsletter_id))


@transaction.atomic
def newsletter_create(*, author: User, fields: dict) -> Newsletter:
    """`fields` are the form's cleaned fields (topic, subject, preheader, body, segment, from_team)."""
    return Newsletter.objects.create(author=author, **fields)


@transaction.atomic
def newsletter_update(*, newsletter: Newsletter, fields: dict) -> Newsletter:
    current = _locked(newsletter)
    if current.status not in EDITABLE:
        raise NotAllowedNow("It is already on its way, so it can no longer be changed.")
    for name, value in fields.items():
        setattr(current, name, value)
    current.save(update_fields=[*fields, "updated_at"])
    return current


@transaction.atomic
def newsletter_schedule(*, newsletter: Newsletter, when: dt.datetime | None, by: User,
                        now: dt.datetime | None = None) -> Newsletter:
    """Approve the issue to go out at `when` (now when None or past): the only way anything is sent."""
    now = now or timezone.now()
    current = _locked(newsletter)
    if current.status not in EDITABLE:
        raise NotAllowedNow("It is already on its way.")
    current.status = NewsletterStatus.SCHEDULED
    current.scheduled_for = when or now
    current.approved_by, current.approved_at = by, now
    current.save(update_fields=["status", "scheduled_for", "approved_by", "approved_at", "updated_at"])
    if current.scheduled_for <= now:
        return newsletter_start(newsletter=current, now=now)
    return current


@transaction.atomic
def newsletter_unschedule(*, newsletter: Newsletter) -> Newsletter:
    """Back to a draft before its time comes (to change it, or not send it at all)."""
    current = _locked(newsletter)
    if current.status != NewsletterStatus.SCHEDULED:
        raise NotAllowedNow("Only a scheduled issue can go back to being a draft.")
    current.status = NewsletterStatus.DRAFT
    current.approved_by = current.approved_at = None
    if current.series_id is None:
        current.scheduled_for = None
    current.save(update_fields=["status", "scheduled_for", "approved_by", "approved_at", "updated_at"])
    return current


@transaction.atomic
def newsletter_start(*, newsletter: Newsletter, now: dt.datetime | None = None) -> Newsletter:
    """Materialise the recipients of a scheduled issue and set the workers on it; a no-op otherwise."""
    now = now or timezone.now()
    current = _locked(newsletter)
    if current.status != NewsletterStatus.SCHEDULED:
        return current
    added = recipients_materialise(newsletter=current, now=now)
    current.status = NewsletterStatus.SENDING
    current.started_at = now
    current.save(update_fields=["status", "started_at", "updated_at"])
    logger.info("Newsletter %s started: %d recipients", current.pk, added)
    newsletter_send_enqueue(current.pk)
    return current


@transaction.atomic
def newsletter_pause(*, newsletter: Newsletter) -> Newsletter:
    """Workers stop within a few dozen messages; what they had claimed goes back to the queue."""
    current = _locked(newsletter)
    if current.status != NewsletterStatus.SENDING:
        raise NotAllowedNow("Only an issue that is sending can be paused.")
    current.status = NewsletterStatus.PAUSED
    current.save(update_fields=["status", "updated_at"])
    return current


@transaction.atomic
def newsletter_resume(*, newsletter: Newsletter) -> Newsletter:
    current = _locked(newsletter)
    if current.status != NewsletterStatus.PAUSED:
        raise NotAllowedNow("Only a paused issue can be resumed.")
    current.status = NewsletterStatus.SENDING
    current.save(update_fields=["status", "updated_at"])
    newsletter_send_enqueue(current.pk)
    return current


@transaction.atomic
def newsletter_cancel(*, newsletter: Newsletter, now: dt.datetime | None = None) -> int:
    """Stop for good: whoever has not been sent it yet never will be. Returns how many were spared."""
    now = now or timezone.now()
    current = _locked(newsletter)
    if current.status in (NewsletterStatus.SENT, NewsletterStatus.CANCELLED, NewsletterStatus.SKIPPED):
        raise NotAllowedNow("It is already finished.")
    current.status = NewsletterStatus.CANCELLED
    current.finished_at = now
    current.save(update_fields=["status", "finished_at", "updated_at"])
    # Queued rows now; rows a worker holds are handed back by it within a few messages
    # (it reads the status) and caught by this same update when cancel is pressed again.
    return current.recipients().filter(status=MailStatus.QUEUED).update(
        status=MailStatus.SUPPRESSED, suppressed_reason=CANCELLED_REASON, finished_at=now)


@transaction.atomic
def newsletter_retry_failed(*, newsletter: Newsletter) -> int:
    """Queue the failed recipients again and send them; returns how many."""
    current = _locked(newsletter)
    if current.status not in (NewsletterStatus.SENT, NewsletterStatus.SENDING, NewsletterStatus.PAUSED):
        raise NotAllowedNow("Only a sent or sending issue has failed recipients to retry.")
    retried = OutboundEmail.objects.filter(batch_key=current.batch_key, status=MailStatus.FAILED).update(
        status=MailStatus.QUEUED, claimed_at=None, finished_at=None, last_error="")
    if retried and current.status == NewsletterStatus.SENT:
        current.status, current.finished_at = NewsletterStatus.SENDING, None
        current.save(update_fields=["status", "finished_at", "updated_at"])
    if retried and current.status == NewsletterStatus.SENDING:
        newsletter_send_enqueue(current.pk)
    return retried


@transaction.atomic
def series_create(*, owner: User, fields: dict) -> Series:
    """`fields` are the series form's cleaned fields; the first draft comes with the next beat run."""
    return Series.objects.create(owner=owner, **fields)
