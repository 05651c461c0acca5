"""Replies a provider posts to us (django-anymail's inbound webhook, Postmark's inbound JSON).

The same door as the IMAP poller: anymail turns the provider's payload into an email message,
which is read and recorded by replies.inbound_email_receive (once per Message-ID; the
provider retries until it gets a 200). Switched on by ANYMAIL_WEBHOOK_SECRET like the
tracking webhook: without it the URL answers 404.
"""
import logging

from anymail.exceptions import AnymailConfigurationError, AnymailError, AnymailWebhookValidationFailure
from anymail.signals import AnymailInboundEvent
from anymail.webhooks.postmark import PostmarkInboundWebhookView
from django.http import Http404, HttpResponse

from .inbound import MAX_RAW_BYTES
from .replies import inbound_email_receive

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


class PostmarkInbound(PostmarkInboundWebhookView):
    warn_if_no_basic_auth = False

    def post(self, request, *args, **kwargs):
        if not self.basic_auth:
            raise Http404("Webhooks are off: ANYMAIL_WEBHOOK_SECRET is not set.")
        try:
            too_large = int(request.META.get("CONTENT_LENGTH") or 0) > MAX_INBOUND_WEBHOOK_BYTES
        except ValueError:
            too_large = True
        if too_large:
            return HttpResponse("Too large.", status=413, content_type="text/plain")
        try:
            return super().post(request, *args, **kwargs)
        except AnymailWebhookValidationFailure:
            raise
        except (ValueError, TypeError, KeyError, AttributeError, AnymailError, AnymailConfigurationError) as exc:
            return HttpResponse(f"Not a Postmark inbound email: {type(exc).__name__}.", status=400,
                                content_type="text/plain")
