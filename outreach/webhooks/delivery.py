"""One attempt at one delivery: claim the row, post the signed JSON, record what happened.

The claim is a conditional UPDATE (pending and due -> sending): of two workers handed the same
row, one wins and the other returns. A 2xx answer marks it delivered, and a delivered row is
never claimed again, so each success is posted exactly once (unless an admin presses "send
again"). Anything else, a timeout or a refused address included, schedules the next attempt
after RETRY_DELAYS; after the last the delivery failed, and WEBHOOK_DISABLE_AFTER failed
deliveries in a row switch the endpoint off with a note to the admin who added it.
"""
import json
import logging
import time

import requests
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from outreach.public_http import AddressRefused, find_refusal

from .models import MAX_ATTEMPTS, RETRY_DELAYS, DeliveryStatus, EventType, WebhookDelivery, WebhookEndpoint
from .signing import signed_headers
from .urlcheck import url_refusal, webhook_session

logger = logging.getLogger(__name__)

USER_AGENT = "Nurture-Webhooks/1"


def webhook_body(event) -> str:
    """The exact text posted (and signed): the same bytes on every attempt."""
    envelope = {"id": event.public_id, "type": event.type, "created_at": event.created_at.isoformat(),
                "data": event.data}
    return json.dumps(envelope, separators=(",", ":"), sort_keys=True)


def _claim(delivery_id: int) -> WebhookDelivery | None:
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now,
    ).update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return None  # delivered, failed, not due yet, or another worker has it
    return WebhookDelivery.objects.select_related("event", "endpoint").get(pk=delivery_id)


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    """(HTTP status or None, what went wrong or "")."""
    refusal = url_refusal(delivery.endpoint.url)
    if refusal:
        return None, f"Not sent: {refusal}"
    body = webhook_body(delivery.event)
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
               **signed_headers(secret=delivery.endpoint.secret, message_id=delivery.event.public_id, body=body,
                                at=timezone.now())}
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    try:
        # Never follow a redirect: it could point anywhere, private addresses included.
        with webhook_session() as session, session.post(
                delivery.endpoint.url, data=body.encode(), headers=headers, timeout=timeout,
                allow_redirects=False, stream=True) as response:
            status = response.status_code
    except AddressRefused:
        return None, "Not sent: the address now leads to a private or local network."
    except requests.Timeout:
        return None, f"No answer within {timeout:g} s."
    except requests.ConnectionError as exc:
        if find_refusal(exc):
            return None, "Not sent: the address now leads to a private or local network."
        return None, "Could not connect."
    except requests.RequestException as exc:
        return None, f"Could not send: {exc.__class__.__name__}."
    if 200 <= status < 300:
        return status, ""
    return status, f"Answered HTTP {status}."


def webhook_delivery_attempt(*, delivery_id: int) -> bool:
    """Try one delivery once if it is due; True when it was delivered by this attempt."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return False
    if not delivery.endpoint.is_active and delivery.event.type != EventType.PING:
        # Switched off after the row became due: hand it back untouched, for when it is on again.
        # A test ping still goes: it is how an admin sees that a fix worked before switching on.
        WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.PENDING, claimed_at=None,
                                                              attempts=F("attempts") - 1)
        return False
    started = time.monotonic()
    status, error = _post(delivery)
    duration_ms = int((time.monotonic() - started) * 1000)
    _record(delivery, status=status, error=error, duration_ms=duration_ms)
    return not error


@transaction.atomic
def _record(delivery: WebhookDelivery, *, status: int | None, error: str, duration_ms: int) -> None:
    now = timezone.now()
    fields = {"last_attempt_at": now, "response_status": status, "duration_ms": duration_ms, "error": error[:300],
              "claimed_at": None}
    rows = WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING)
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
    if not error:
        rows.update(status=DeliveryStatus.DELIVERED, delivered_at=now, **fields)
        if endpoint.failed_in_a_row:
            WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failed_in_a_row=0)
        return
    if delivery.attempts < MAX_ATTEMPTS:
        rows.update(status=DeliveryStatus.PENDING, next_attempt_at=now + RETRY_DELAYS[delivery.attempts - 1],
                    **fields)
        return
    rows.update(status=DeliveryStatus.FAILED, **fields)
    endpoint.failed_in_a_row += 1
    endpoint.save(update_fields=["failed_in_a_row"])
    if endpoint.is_active and endpoint.failed_in_a_row >= settings.WEBHOOK_DISABLE_AFTER:
        _disable(endpoint, now=now, last_error=error)


def _disable(endpoint: WebhookEndpoint, *, now, last_error: str) -> None:
    endpoint.is_active = False
    endpoint.disabled_at = now
    endpoint.disabled_reason = (f"Switched off on {now:%d %b %Y at %H:%M} UTC: {endpoint.failed_in_a_row} deliveries "
                                f"in a row failed after every retry. Last: {last_error}")[:300]
    endpoint.save(update_fields=["is_active", "disabled_at", "disabled_reason"])
    logger.warning("Webhook endpoint %s switched off after %d failed deliveries", endpoint.pk,
                   endpoint.failed_in_a_row)
    admin = endpoint.created_by
    if admin is not None and admin.email:
        link = settings.SITE_URL.rstrip("/") + endpoint.get_absolute_url()
        transaction.on_commit(lambda: send_mail(
            subject=f"Webhook switched off: {endpoint}",
            message=f"{endpoint.disabled_reason}\n\nNothing is sent to {endpoint.url} until an admin switches it on "
                    f"again; deliveries still waiting go out then, events while it is off are not sent.\n\n"
                    f"The delivery log: {link}\n",
            from_email=None, recipient_list=[admin.email], fail_silently=True,
        ), robust=True)
