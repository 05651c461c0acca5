"""Whether a candidate may be sent a message of a kind right now, and if not, why.

Read when a message is queued (the compose form refuses, a bulk send skips) and again when
it is sent: a candidate who unsubscribed, paused or bounced in between is honoured then.
"""
import datetime as dt

from candidates.choices import Stage
from candidates.models import Candidate

from .choices import BULK_KINDS, FREQUENCY_DAYS, UNFINISHED, SuppressionReason, Topic
from .models import EmailPreferences, OutboundEmail, Suppression


def preferences_for(candidate: Candidate) -> EmailPreferences:
    """The candidate's preferences; created with the defaults the first time they are needed."""
    preferences, _ = EmailPreferences.objects.get_or_create(candidate=candidate)
    return preferences


def privacy_notice_due(*, preferences: EmailPreferences, candidate: Candidate) -> bool:
    """The first email to a candidate carries the short privacy notice (GDPR Art. 14): not sent, none on its way."""
    if preferences.privacy_notice_sent_at:
        return False
    return not OutboundEmail.objects.filter(
        candidate=candidate, includes_privacy_notice=True, status__in=UNFINISHED
    ).exists()


def address_suppression(email: str) -> Suppression | None:
    return Suppression.objects.filter(email=email.strip().lower()).first()


def suppression_reason(
    *, candidate: Candidate, kind: str, topic: str, preferences: EmailPreferences | None, to_email: str,
    now: dt.datetime, suppression: Suppression | None = None, exclude_email_id: int | None = None,
    check_address: bool = True,
) -> str:
    """The SuppressionReason that keeps this message back, or "" when it may go.

    `suppression` is the address's Suppression row when the caller fetched it already (bulk
    sends fetch them for everyone at once and pass check_address=False for the rest).
    """
    if candidate.do_not_contact:
        return SuppressionReason.DO_NOT_CONTACT
    if candidate.stage == Stage.DO_NOT_CONTACT:
        return SuppressionReason.STAGE_DO_NOT_CONTACT
    if suppression is None and check_address:
        suppression = address_suppression(to_email)
    if suppression is not None:
        return suppression.reason
    if preferences is None:
        return ""
    if preferences.unsubscribed_at:
        return SuppressionReason.UNSUBSCRIBED_ALL
    if preferences.is_paused(now):
        return SuppressionReason.PAUSED
    if kind not in BULK_KINDS:
        return ""
    if topic in preferences.unsubscribed_topics:
        return SuppressionReason.UNSUBSCRIBED_TOPIC
    opens = preferences.open_to_opportunities_from
    if topic == Topic.JOBS and opens and now.date() < opens:
        return SuppressionReason.NOT_OPEN_YET
    days = FREQUENCY_DAYS.get(preferences.frequency, 0)
    if days:
        earlier = OutboundEmail.objects.bulk().filter(
            candidate=candidate, status__in=["sending", "sent"], created_at__gte=now - dt.timedelta(days=days),
        )
        if exclude_email_id:
            earlier = earlier.exclude(pk=exclude_email_id)
        if earlier.exists():
            return SuppressionReason.FREQUENCY
    return ""
