"""Whether a candidate may be sent a message of a kind right now, and if not, why.

Read when a message is queued (the compose form refuses, a bulk send skips) and again when
it is sent: a candidate who unsubscribed, paused or bounced in between is honoured then.
"""
import datetime as dt
import hashlib
import hmac

from django.conf import settings

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


# An erased candidate keeps their row (so the team's figures stay right) with this address:
# unique per row, and a domain that can never receive mail (RFC 2606).
ERASED_DOMAIN = "erased.invalid"


def erased_placeholder(candidate_id: int) -> str:
    return f"erased-{candidate_id}@{ERASED_DOMAIN}"


def is_erased(candidate: Candidate) -> bool:
    return candidate.email.endswith("@" + ERASED_DOMAIN)


def normalise_address(email: str) -> str:
    return email.strip().lower()


def erased_key(email: str) -> str:
    """What the suppression list keeps for an erased candidate's address: a keyed hash, never the address.

    HMAC-SHA256 of the normalised address; without the key nobody can test guessed addresses
    against the list. Stored in Suppression.email with a prefix no real address has.
    """
    key = (settings.PRIVACY_HASH_KEY or settings.SECRET_KEY).encode()
    digest = hmac.new(key, normalise_address(email).encode(), hashlib.sha256).hexdigest()
    return f"erased:{digest}"


def _keys(email: str) -> tuple[str, str]:
    return normalise_address(email), erased_key(email)


def address_suppression(email: str) -> Suppression | None:
    return Suppression.objects.filter(email__in=_keys(email)).order_by("email").first()


def address_suppressions(emails) -> dict[str, Suppression]:
    """Normalised address -> its Suppression (plain, or the erased hash), for many at once: one query."""
    owners = {key: address for address in {normalise_address(e) for e in emails} for key in _keys(address)}
    found = {}
    for suppression in Suppression.objects.filter(email__in=list(owners)):
        found.setdefault(owners[suppression.email], suppression)
    return found


def addresses_erased(emails) -> set[str]:
    """The normalised addresses among `emails` whose candidate was erased at their request."""
    owners = {erased_key(e): normalise_address(e) for e in emails if e}
    hashed = Suppression.objects.filter(email__in=list(owners), reason=SuppressionReason.ERASED)
    return {owners[key] for key in hashed.values_list("email", flat=True)}


def address_erased(email: str) -> bool:
    return bool(email) and bool(addresses_erased([email]))


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
