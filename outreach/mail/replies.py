"""Recording an email that came in, once, and acting on it: a reply, an auto-reply or a bounce.

A reply finds its candidate by the first rule that matches, and the rule is kept on the row:
1. the per-message reply address it was sent to (replies+r12-<hmac>@..., reply_address.py);
2. In-Reply-To naming a Message-ID we sent;
3. References naming one (newest first);
4. the sender's address being a candidate's, as the last resort.
A matched reply becomes an inbound email touch point with its new text (the cadence starts
afresh), is announced (signals.candidate_replied: sequences stop) and is forwarded to the
recruiter (forwarding.py). An auto-reply is recorded and matched but changes nothing else.
A bounce marks the message it reports on bounced and suppresses a hard-bounced address.
"""
import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from candidates.models import Candidate
from outreach.choices import Direction, TouchKind
from outreach.services import touch_point_log

from .choices import MailStatus, SuppressionReason
from .inbound import ParsedEmail, parse_email
from .models import ForwardStatus, InboundEmail, InboundKind, MatchRule, OutboundEmail, Suppression
from .reply_address import email_id_from_addresses
from .signals import candidate_replied, email_bounced
from .suppression import address_erased, addresses_erased, erased_key, is_erased
from .tasks import forward_reply

logger = logging.getLogger(__name__)

SUMMARY_CHARS = 3900


def match_reply(parsed: ParsedEmail) -> tuple[OutboundEmail | None, Candidate | None, str]:
    """(our email it answers, the candidate, the MatchRule value that found them)."""
    pk = email_id_from_addresses(parsed.recipients)
    if pk is not None:
        email = OutboundEmail.objects.select_related("candidate").filter(pk=pk).first()
        if email is not None:
            return email, email.candidate, MatchRule.REPLY_ADDRESS
    if parsed.in_reply_to:
        email = OutboundEmail.objects.select_related("candidate").filter(message_id=parsed.in_reply_to).first()
        if email is not None:
            return email, email.candidate, MatchRule.IN_REPLY_TO
    if parsed.references:
        by_id = {e.message_id: e for e in OutboundEmail.objects.select_related("candidate")
                 .filter(message_id__in=parsed.references)}
        for ref in reversed(parsed.references):
            if ref in by_id:
                return by_id[ref], by_id[ref].candidate, MatchRule.REFERENCES
    if parsed.from_email:
        # Lower(email) is the candidates' unique index, so this is one index probe.
        candidate = (Candidate.objects.annotate(email_lower=Lower("email"))
                     .filter(email_lower=parsed.from_email).first())
        if candidate is not None:
            return None, candidate, MatchRule.SENDER
    return None, None, MatchRule.NONE


def _bounce(record: InboundEmail, parsed: ParsedEmail, now: dt.datetime) -> None:
    emails = list(OutboundEmail.objects.select_related("candidate").filter(message_id__in=parsed.bounced_ids))
    for email in emails:
        OutboundEmail.objects.filter(pk=email.pk).update(status=MailStatus.BOUNCED, finished_at=now,
                                                         last_event="hard_bounce" if parsed.hard_bounce
                                                         else "soft_bounce", last_event_at=now)
    addresses = set(parsed.bounced_addresses) | {e.to_email.lower() for e in emails}
    # An erased candidate's address is on the list as its hash already; never write it back plain.
    addresses -= addresses_erased(addresses)
    if parsed.hard_bounce:
        for address in addresses:
            Suppression.objects.get_or_create(email=address, defaults={
                "reason": SuppressionReason.HARD_BOUNCE, "note": f"Bounce received {now:%Y-%m-%d %H:%M}"})
    if emails:
        record.reply_to_email = emails[0]
        record.candidate = emails[0].candidate
        record.matched_by = MatchRule.IN_REPLY_TO
        record.save(update_fields=["reply_to_email", "candidate", "matched_by"])
    for email in emails:
        email_bounced.send(sender=OutboundEmail, candidate=email.candidate, email=email, hard=parsed.hard_bounce)


@transaction.atomic
def inbound_email_receive(*, raw: bytes, source: str, now: dt.datetime | None = None) -> InboundEmail | None:
    """Record one incoming message and act on it; None when it was recorded before (same Message-ID)."""
    now = now or timezone.now()
    parsed = parse_email(raw)
    if address_erased(parsed.from_email):
        return _record_from_erased(parsed, source=source, now=now)
    try:
        with transaction.atomic():
            record = InboundEmail.objects.create(
                source=source[:10], message_id=parsed.message_id[:250], kind=parsed.kind,
                from_email=parsed.from_email, from_name=parsed.from_name, subject=parsed.subject[:300],
                text=parsed.text, in_reply_to=parsed.in_reply_to[:250], note=parsed.note[:500], received_at=now,
            )
    except IntegrityError:
        return None
    if parsed.kind == InboundKind.REJECTED:
        logger.warning("Inbound email %s rejected: %s", parsed.message_id, parsed.note)
        return record
    if parsed.kind == InboundKind.BOUNCE:
        _bounce(record, parsed, now)
        return record
    email, candidate, rule = match_reply(parsed)
    if candidate is not None and is_erased(candidate):
        # An answer to an email sent before the erasure, from another address: nothing kept.
        InboundEmail.objects.filter(pk=record.pk).update(message_id=erased_key(record.message_id), **_NOTHING_KEPT)
        return record
    record.reply_to_email, record.candidate, record.matched_by = email, candidate, rule
    fields = ["reply_to_email", "candidate", "matched_by"]
    if candidate is not None and parsed.kind == InboundKind.REPLY:
        touch_point_log(candidate=candidate, kind=TouchKind.EMAIL, direction=Direction.INBOUND, occurred_at=now,
                        author=None, summary=f"Replied: {parsed.text or parsed.subject}"[:SUMMARY_CHARS])
        candidate_replied.send(sender=InboundEmail, candidate=candidate, inbound=record, email=email)
        if candidate.owner.email:
            record.forward_status = ForwardStatus.PENDING
            record.forwarded_to = candidate.owner.email
            fields += ["forward_status", "forwarded_to"]
            transaction.on_commit(lambda: _publish_forward(record.pk), robust=True)
    record.save(update_fields=fields)
    return record


_NOTHING_KEPT = {"kind": InboundKind.REJECTED, "from_email": "", "from_name": "", "subject": "", "text": "",
                 "note": "From a candidate erased at their request: nothing of it is kept."}


def _record_from_erased(parsed: ParsedEmail, *, source: str, now: dt.datetime) -> InboundEmail | None:
    """Recorded once by its Message-ID, so the mailbox is not read twice, with nothing personal in it."""
    try:
        with transaction.atomic():
            # Its Message-ID hashed as the erasure hashed the earlier ones (it may name their domain).
            return InboundEmail.objects.create(source=source[:10], message_id=erased_key(parsed.message_id),
                                               received_at=now, **_NOTHING_KEPT)
    except IntegrityError:
        return None


def _publish_forward(inbound_id: int) -> None:
    try:
        forward_reply.delay(inbound_id)
    except Exception as exc:  # broker down: the poll job's sweep publishes it again
        logger.warning("Broker unreachable (%s): forwarding reply %s left for the sweep", exc, inbound_id)


FORWARD_SWEEP_AFTER = dt.timedelta(minutes=2)
FORWARD_CLAIM_TIMEOUT = dt.timedelta(minutes=3)


def forwards_sweep(*, now: dt.datetime | None = None) -> list[int]:
    """Publish again the forwards a broker outage or a dead worker left waiting."""
    now = now or timezone.now()
    stuck = list(InboundEmail.objects.filter(forward_status=ForwardStatus.PENDING,
                                             received_at__lt=now - FORWARD_SWEEP_AFTER)
                 .values_list("pk", flat=True)[:500])
    stuck += list(InboundEmail.objects.filter(forward_status=ForwardStatus.SENDING,
                                              forward_claimed_at__lt=now - FORWARD_CLAIM_TIMEOUT)
                  .values_list("pk", flat=True)[:500])
    for pk in stuck:
        _publish_forward(pk)
    return stuck


def inbound_email_reject(*, message_id: str, source: str, note: str, from_email: str = "", subject: str = "",
                         now: dt.datetime | None = None) -> InboundEmail | None:
    """Record a message we refuse to read (too large, or it broke the reader), so it is never retried."""
    try:
        with transaction.atomic():
            return InboundEmail.objects.create(
                source=source[:10], message_id=message_id[:250], kind=InboundKind.REJECTED,
                from_email=from_email[:254], subject=subject[:300], note=note[:500], received_at=now or timezone.now(),
            )
    except IntegrityError:
        return None
