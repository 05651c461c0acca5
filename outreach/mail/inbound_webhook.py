"""Replies a provider posts to us (django-anymail's inbound webhook, Postmark's inbound JSON).

The same door as the IMAP poller: anymail turns the provider's payload into an email message,
which is read and recorded by replies.inbound_email_receive (once per Message-ID; the
provider retries until it gets a 200). Switched on by ANYMAIL_WEBHOOK_SECRET like the
tracking webhook: without it the URL answers 404.
"""
import logging

from anymail.signals import AnymailInboundEvent
from anymail.webhooks.postmark import PostmarkInboundWebhookView

from .inbound import MAX_RAW_BYTES
from .replies import inbound_email_receive
from .webhook_guard import WebhookGuardMixin

logger = logging.getLogger(__name__)

# A Postmark inbound payload carries the message base64-encoded in JSON: about 4/3 of its size.
MAX_INBOUND_WEBHOOK_BYTES = MAX_RAW_BYTES * 3 // 2


def inbound_event_received(sender, event: AnymailInboundEvent, esp_name: str, **kwargs) -> None:
    """anymail's inbound signal: one message in, recorded once. A bad one is logged, never a 500 loop."""
    message = event.message
    try:
        if message.envelope_recipient and "X-Original-To" not in message:
            # Where the provider delivered it: our per-message reply address, when it was one.
            message["X-Original-To"] = message.envelope_recipient
        if "Message-ID" not in message and event.event_id:
            message["Message-ID"] = f"<{esp_name.lower()}-{str(event.event_id)[:100]}@inbound.invalid>"
        inbound_email_receive(raw=message.as_bytes(), source="webhook")
    except Exception:
        logger.exception("Could not record a %s inbound email (%s)", esp_name, getattr(event, "event_id", ""))


class PostmarkInbound(WebhookGuardMixin, PostmarkInboundWebhookView):
    max_bytes = MAX_INBOUND_WEBHOOK_BYTES
    payload_name = "a Postmark inbound email"
