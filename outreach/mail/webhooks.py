"""Delivery, bounce and complaint events from the mail provider (django-anymail tracking webhooks).

Anymail checks the webhook's basic-auth secret (ANYMAIL_WEBHOOK_SECRET) and turns the
provider's JSON into normalised events; each is recorded once (the provider retries until
it gets a 200), put on its message, and acted on: a hard bounce or a complaint suppresses
the address at once, three soft bounces within 30 days do too.
"""
import datetime as dt
import hashlib
import json
import logging

from anymail.signals import AnymailTrackingEvent, EventType
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .choices import EventKind, MailStatus, SuppressionReason
from .models import MailEvent, OutboundEmail, Suppression
from .signals import email_bounced
from .suppression import address_erased, erased_key
from .webhook_guard import WebhookGuardMixin

logger = logging.getLogger(__name__)

SOFT_BOUNCE_LIMIT = 3
SOFT_BOUNCE_WINDOW = dt.timedelta(days=30)
# A delivery event is a few kilobytes; anything far larger is not from the provider.
MAX_WEBHOOK_BYTES = 256 * 1024
# Bounce types that say "try again later" rather than "this mailbox does not exist".
SOFT_TYPES = {"Postmark": {"SoftBounce", "DnsError"}}


def event_kind(event: AnymailTrackingEvent, esp_name: str) -> str:
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    if event.event_type == EventType.DELIVERED:
        return EventKind.DELIVERED
    if event.event_type == EventType.DEFERRED:
        return EventKind.DEFERRED
    if event.event_type == EventType.COMPLAINED:
        return EventKind.COMPLAINT
    if event.event_type == EventType.BOUNCED:
        soft = raw.get("Type") in SOFT_TYPES.get(esp_name, set()) or (
            raw.get("bounce", {}).get("bounceType") == "Transient"  # Amazon SES
        )
        return EventKind.SOFT_BOUNCE if soft else EventKind.HARD_BOUNCE
    return EventKind.OTHER


def _event_key(event: AnymailTrackingEvent, kind: str, recipient: str) -> str:
    if event.event_id:
        return f"{event.event_id}:{recipient}"[:200]
    # No id (Postmark's delivery events): the same event always digests the same.
    parts = [kind, event.message_id or "", recipient, str(event.timestamp or "")]
    return "sha256:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def _find_message(event: AnymailTrackingEvent) -> OutboundEmail | None:
    refs = set()
    if event.message_id:
        refs.add(str(event.message_id).strip("<>"))
    metadata = event.metadata if isinstance(event.metadata, dict) else {}
    for key in ("nurture-ref", "nurture_ref"):
        if metadata.get(key):
            refs.add(str(metadata[key]).strip("<>"))
    raw = event.esp_event if isinstance(event.esp_event, dict) else {}
    common = raw.get("mail", {}).get("commonHeaders", {}) if isinstance(raw.get("mail"), dict) else {}
    if common.get("messageId"):
        refs.add(str(common["messageId"]).strip("<>"))  # Amazon SES keeps our Message-ID here
    refs = {ref[:248] for ref in refs if ref}
    if not refs:
        return None
    wanted = Q(provider_message_id__in=refs) | Q(message_id__in=[f"<{ref}>" for ref in refs])
    return OutboundEmail.objects.filter(wanted).order_by("-created_at").first()


def _suppress(address: str, reason: str, note: str) -> None:
    Suppression.objects.get_or_create(email=address, defaults={"reason": reason, "note": note[:500]})


@transaction.atomic
def mail_event_record(*, event: AnymailTrackingEvent, esp_name: str) -> MailEvent | None:
    """Record one provider event and act on it; None when it was seen before or is not about delivery."""
    kind = event_kind(event, esp_name)
    recipient = (event.recipient or "").strip().lower()
    if kind == EventKind.OTHER or not recipient:
        return None
    occurred_at = event.timestamp or timezone.now()
    email = _find_message(event)
    description = " ".join(filter(None, [event.description, event.mta_response]))[:500]
    # An event about a message to a candidate since erased: the address is kept only as its
    # hash (already on the suppression list), and the server's words, which may quote it, not at all.
    erased = address_erased(recipient)
    if erased:
        recipient, description = erased_key(recipient), ""
    try:
        with transaction.atomic():
            record = MailEvent.objects.create(
                provider=esp_name[:30], event_key=_event_key(event, kind, recipient), email=email, kind=kind,
                recipient=recipient[:254], occurred_at=occurred_at, description=description,
            )
    except IntegrityError:
        return None  # the provider sent it again
    if email is not None:
        _apply_to_message(email, kind, occurred_at)
    if erased:
        return record
    note = f"{esp_name} {record.get_kind_display().lower()} at {occurred_at:%Y-%m-%d %H:%M}: {record.description}"
    if kind == EventKind.HARD_BOUNCE:
        _suppress(recipient, SuppressionReason.HARD_BOUNCE, note)
    elif kind == EventKind.COMPLAINT:
        _suppress(recipient, SuppressionReason.COMPLAINT, note)
    elif kind == EventKind.SOFT_BOUNCE:
        recent = MailEvent.objects.soft_bounces(recipient=recipient, since=occurred_at - SOFT_BOUNCE_WINDOW)
        if recent.count() >= SOFT_BOUNCE_LIMIT:
            _suppress(recipient, SuppressionReason.SOFT_BOUNCES, note)
    return record


def _apply_to_message(email: OutboundEmail, kind: str, at: dt.datetime) -> None:
    fields = {"last_event": kind, "last_event_at": at}
    if kind == EventKind.DELIVERED:
        fields["delivered_at"] = at
    elif kind in (EventKind.HARD_BOUNCE, EventKind.SOFT_BOUNCE):
        fields.update(status=MailStatus.BOUNCED, finished_at=at)
    elif kind == EventKind.COMPLAINT:
        fields.update(status=MailStatus.COMPLAINED, finished_at=at)
    OutboundEmail.objects.filter(pk=email.pk).update(**fields)
    if kind in (EventKind.HARD_BOUNCE, EventKind.SOFT_BOUNCE):
        email_bounced.send(sender=OutboundEmail, candidate=email.candidate, email=email,
                           hard=kind == EventKind.HARD_BOUNCE)


def tracking_event_received(sender, event: AnymailTrackingEvent, esp_name: str, **kwargs) -> None:
    """anymail's tracking signal. One bad event is logged and skipped, never stops the rest."""
    try:
        mail_event_record(event=event, esp_name=esp_name)
    except Exception:
        logger.exception("Could not record a %s tracking event (%s)", esp_name, getattr(event, "event_id", ""))


class PostmarkTracking(WebhookGuardMixin, PostmarkTrackingWebhookView):
    """Postmark's delivery, bounce and spam-complaint webhook.

    Switched on by ANYMAIL_WEBHOOK_SECRET: without a secret the URL answers 404 rather
    than accept events from anyone (anymail itself would only warn).
    """

    max_bytes = MAX_WEBHOOK_BYTES
    payload_name = "a Postmark tracking event"

    def parse_events(self, request):
        payload = json.loads(request.body.decode("utf-8"))
        if not isinstance(payload, dict):
            raise ValueError("a Postmark event is a JSON object")
        return [self.esp_to_anymail_event(payload)]
