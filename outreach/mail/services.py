"""Every write that puts a candidate email on its way: queue one, queue many, sweep, send again.

A message row is created in the caller's transaction; its send task is published after
commit, and the row is marked enqueued only once the broker accepted it. When the broker
is down the row stays unpublished, the rest of that call publishes nothing, and the sweep
(every minute) publishes them once it is back (outreach/publishing.py).
"""
import dataclasses
import datetime as dt
import logging
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from candidates.models import Candidate, Feedback
from outreach.publishing import AfterCommitPublisher

from .choices import DEFAULT_TOPIC, UNFINISHED, MailKind, MailStatus
from .compose import render_email
from .message import new_message_id
from .models import EmailPreferences, OutboundEmail
from .pressure import contact_pressures
from .sending import CLAIM_TIMEOUT
from .sources import owned_by_bulk_senders
from .suppression import address_suppressions, preferences_for, privacy_notice_due, suppression_reason
from .tasks import send_email

User = get_user_model()
logger = logging.getLogger(__name__)

# A row not published this long after it was created: its publish failed (broker down).
PUBLISH_GRACE = dt.timedelta(minutes=1)
# Published this long ago and still queued: the message was lost; longer than the whole
# retry back-off, so a message waiting for its next retry is not doubled up.
SWEEP_AFTER = dt.timedelta(minutes=15)
# After this an unsent email is stale: failed, not sent days late.
EXPIRE_AFTER = dt.timedelta(hours=48)
SWEEP_BATCH = 1000


def _publish_after_commit(email_ids: list[int]) -> None:
    # The core's publisher: enqueued_at is set only once the broker took a message, and after
    # one refused publish the rest of this call's rows are left to the sweep (one log line).
    AfterCommitPublisher(task=send_email, model=OutboundEmail, label="candidate email").publish_after_commit(
        email_ids
    )


def _new_row(*, kind: str, topic: str, candidate: Candidate, sender: User, subject: str, body: str,
             preferences: EmailPreferences, now: dt.datetime, privacy_notice: bool, **fields) -> OutboundEmail:
    rendered = render_email(candidate=candidate, sender=sender, kind=kind, topic=topic, subject=subject, body=body,
                            preferences=preferences, include_privacy_notice=privacy_notice)
    return OutboundEmail(
        kind=kind, topic=topic, candidate=candidate, sender=sender, to_email=candidate.email,
        to_name=candidate.full_name, subject=rendered.subject, body_text=rendered.text, body_html=rendered.html,
        includes_privacy_notice=privacy_notice, message_id=new_message_id(), created_at=now, **fields,
    )


@transaction.atomic
def outbound_email_queue(*, kind: str, candidate: Candidate, sender: User, subject: str, body: str,
                         feedback: Feedback | None = None, topic: str = "",
                         now: dt.datetime | None = None) -> OutboundEmail:
    """One email to one candidate, sent by a worker once this transaction commits.

    `subject` and `body` were validated by the compose form (merge fields, length, no CR/LF).
    """
    now = now or timezone.now()
    topic = topic or DEFAULT_TOPIC.get(kind, "")
    preferences = preferences_for(candidate)
    email = _new_row(kind=kind, topic=topic, candidate=candidate, sender=sender, subject=subject, body=body,
                     preferences=preferences, now=now, feedback=feedback,
                     privacy_notice=privacy_notice_due(preferences=preferences, candidate=candidate))
    email.save()
    _publish_after_commit([email.pk])
    return email


def personal_email_queue(*, candidate: Candidate, sender: User, subject: str, body: str,
                         now: dt.datetime | None = None) -> OutboundEmail:
    return outbound_email_queue(kind=MailKind.PERSONAL, candidate=candidate, sender=sender, subject=subject,
                                body=body, now=now)


def feedback_email_queue(*, feedback: Feedback, sender: User, subject: str, body: str,
                         now: dt.datetime | None = None) -> OutboundEmail:
    """The feedback email for a scorecard; the scorecard is marked shared when the email goes out.

    Raises IntegrityError when a feedback email for this scorecard is already on its way.
    """
    return outbound_email_queue(kind=MailKind.FEEDBACK, candidate=feedback.interview.candidate, sender=sender,
                                subject=subject, body=body, feedback=feedback, now=now)


@dataclasses.dataclass
class BulkResult:
    queued: list[OutboundEmail] = dataclasses.field(default_factory=list)
    over_cap: list[Candidate] = dataclasses.field(default_factory=list)
    suppressed: list[tuple[Candidate, str]] = dataclasses.field(default_factory=list)
    already_queued: int = 0


@transaction.atomic
def bulk_emails_queue(*, kind: str, candidates: list[Candidate], sender: User, subject: str, body: str,
                      batch_key: str, topic: str = "", now: dt.datetime | None = None,
                      per_candidate: dict[int, dict] | None = None,
                      personalise: Callable[[Candidate], dict] | None = None,
                      follow_up: bool = False) -> BulkResult:
    """A newsletter, invitation or sequence step to many candidates: one row each, once per batch_key.

    Skips (and reports) candidates over the team's contact cap and those who may not be
    written to now; a second run with the same batch_key adds only who was missing.
    Reads preferences, suppressions and recent email for everyone in a few queries.
    `per_candidate` overrides, per candidate id, the "subject" and sets the threading headers
    ("in_reply_to", "references") of a sequence step sent in the thread of the one before.
    `personalise(candidate)` may return a candidate's own `body` (their RSVP links) and
    `calendar_method` / `calendar_ics`. A `follow_up` (an event's update, cancellation or
    reminder to someone already invited) is not held back by the contact cap, since it
    changes what they were already told; suppression still applies.
    """
    now = now or timezone.now()
    topic = topic or DEFAULT_TOPIC[kind]
    result = BulkResult()
    by_id = {candidate.pk: candidate for candidate in candidates}
    done = set(OutboundEmail.objects.filter(batch_key=batch_key, candidate_id__in=list(by_id))
               .values_list("candidate_id", flat=True))
    result.already_queued = len(done)
    todo = [candidate for pk, candidate in by_id.items() if pk not in done]
    preferences = {p.candidate_id: p for p in EmailPreferences.objects.filter(candidate__in=todo)}
    missing = [EmailPreferences(candidate=c) for c in todo if c.pk not in preferences]
    for created in EmailPreferences.objects.bulk_create(missing):
        preferences[created.candidate_id] = created
    suppressions = address_suppressions(c.email for c in todo)
    pressures = {} if follow_up else contact_pressures(candidate_ids=[c.pk for c in todo], now=now)
    noticed = set(OutboundEmail.objects.filter(candidate__in=todo, includes_privacy_notice=True,
                                               status__in=UNFINISHED).values_list("candidate_id", flat=True))
    rows = []
    for candidate in todo:
        prefs = preferences[candidate.pk]
        reason = suppression_reason(candidate=candidate, kind=kind, topic=topic, preferences=prefs,
                                    to_email=candidate.email, now=now, check_address=False,
                                    suppression=suppressions.get(candidate.email.lower()))
        if reason:
            result.suppressed.append((candidate, reason))
        elif not follow_up and pressures[candidate.pk].over_cap:
            result.over_cap.append(candidate)
        else:
            notice = not prefs.privacy_notice_sent_at and candidate.pk not in noticed
            extra = dict((per_candidate or {}).get(candidate.pk, {}))
            extra |= dict(personalise(candidate)) if personalise else {}
            rows.append(_new_row(kind=kind, topic=topic, candidate=candidate, sender=sender,
                                 subject=extra.pop("subject", subject), body=extra.pop("body", body), preferences=prefs,
                                 now=now, privacy_notice=notice, batch_key=batch_key, **extra))
    result.queued = OutboundEmail.objects.bulk_create(rows, batch_size=500)
    _publish_after_commit([email.pk for email in result.queued])
    return result


@dataclasses.dataclass(frozen=True)
class SweepResult:
    requeued: list[int]
    expired: int


@transaction.atomic
def outbound_emails_sweep(*, now: dt.datetime | None = None) -> SweepResult:
    """Publish again what a dead worker or a broker outage left behind; expire what is too old to send.

    With nothing stuck this is two index-only look-ups on the partial index of unfinished rows.
    """
    now = now or timezone.now()
    unfinished = OutboundEmail.objects.unfinished().exclude(owned_by_bulk_senders())
    expired = unfinished.filter(created_at__lt=now - EXPIRE_AFTER).update(
        status=MailStatus.FAILED, claimed_at=None, finished_at=now,
        last_error=f"Not sent within {EXPIRE_AFTER}; expired.",
    )
    stuck = list(
        unfinished.select_for_update(skip_locked=True)
        .stuck(now=now, publish_grace=PUBLISH_GRACE, sweep_after=SWEEP_AFTER, claim_timeout=CLAIM_TIMEOUT)
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    _publish_after_commit(stuck)
    if stuck or expired:
        logger.warning("Email sweep: %d published again, %d expired", len(stuck), expired)
    return SweepResult(requeued=stuck, expired=expired)


@transaction.atomic
def outbound_email_retry(*, email: OutboundEmail, now: dt.datetime | None = None) -> bool:
    """Send a failed email again (admin action); False if it was not failed."""
    now = now or timezone.now()
    updated = OutboundEmail.objects.filter(pk=email.pk, status=MailStatus.FAILED).update(
        status=MailStatus.QUEUED, created_at=now, enqueued_at=None, finished_at=None, last_error=""
    )
    if updated:
        _publish_after_commit([email.pk])
    return bool(updated)


def outbound_emails_withdraw(*, email_ids: list[int], note: str, now: dt.datetime | None = None) -> int:
    """Keep back queued emails their cause no longer wants sent (a sequence stopped); those being sent go.

    The row stays (suppressed, with the note) so the candidate page shows what was held back.
    """
    now = now or timezone.now()
    return OutboundEmail.objects.filter(pk__in=email_ids, status=MailStatus.QUEUED).update(
        status=MailStatus.SUPPRESSED, finished_at=now, last_error=note[:2000]
    )
