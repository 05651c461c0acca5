"""Endpoints and events: every write of the webhooks app. Keyword-only, one transaction each."""
import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from outreach.publishing import AfterCommitPublisher

from .models import DeliveryStatus, EventType, WebhookDelivery, WebhookEndpoint, WebhookEvent, webhook_new_secret
from .payloads import ping_data
from .tasks import deliver_webhook

User = get_user_model()

# A delivery still "sending" this long after its claim lost its worker; the sweep hands it back.
CLAIM_TIMEOUT = dt.timedelta(minutes=5)
SWEEP_BATCH = 500


def _publisher() -> AfterCommitPublisher:
    return AfterCommitPublisher(task=deliver_webhook, model=WebhookDelivery, label="webhook delivery")


@transaction.atomic
def webhook_endpoint_create(*, url: str, events: list[str], created_by: User,
                            description: str = "") -> tuple[WebhookEndpoint, str]:
    """The endpoint and its signing secret, which the caller shows once."""
    secret = webhook_new_secret()
    endpoint = WebhookEndpoint.objects.create(url=url, events=list(events), description=description, secret=secret,
                                              created_by=created_by)
    return endpoint, secret


def webhook_endpoint_update(*, endpoint: WebhookEndpoint, url: str, events: list[str], description: str) -> None:
    endpoint.url, endpoint.events, endpoint.description = url, list(events), description
    endpoint.save(update_fields=["url", "events", "description"])


def webhook_endpoint_roll_secret(*, endpoint: WebhookEndpoint) -> str:
    """A new secret (the old one stops verifying at once); the caller shows it once."""
    endpoint.secret = webhook_new_secret()
    endpoint.save(update_fields=["secret"])
    return endpoint.secret


@transaction.atomic
def webhook_endpoint_set_active(*, endpoint: WebhookEndpoint, active: bool) -> None:
    """Switch on (forgetting past failures, so waiting deliveries go out) or off."""
    if active:
        endpoint.is_active, endpoint.failed_in_a_row = True, 0
        endpoint.disabled_at, endpoint.disabled_reason = None, ""
        endpoint.save(update_fields=["is_active", "failed_in_a_row", "disabled_at", "disabled_reason"])
        publisher = _publisher()
        publisher.publish_after_commit(
            WebhookDelivery.objects.filter(endpoint=endpoint).due(timezone.now()).values_list("pk", flat=True)[
                :SWEEP_BATCH])
    else:
        endpoint.is_active = False
        endpoint.disabled_at, endpoint.disabled_reason = timezone.now(), "Switched off by an admin."
        endpoint.save(update_fields=["is_active", "disabled_at", "disabled_reason"])


def _event_create(*, type: str, data: dict, endpoints: list[WebhookEndpoint]) -> WebhookEvent:
    now = timezone.now()
    event = WebhookEvent.objects.create(type=type, data=data, created_at=now)
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(event=event, endpoint=endpoint, next_attempt_at=now) for endpoint in endpoints])
    _publisher().publish_after_commit(delivery.pk for delivery in deliveries)
    return event


@transaction.atomic
def webhook_event_record(*, type: str, data: dict) -> WebhookEvent | None:
    """The event, with one delivery per active endpoint that listens to it, in the caller's transaction.

    Nothing is written (one small query) when no endpoint listens: a team without webhooks pays
    nothing else. The deliveries are published only once the change they describe has committed.
    """
    # A team has a handful of endpoints: their event lists are read here rather than queried as
    # JSON, which SQLite (the laptop database) cannot do.
    endpoints = [endpoint for endpoint in WebhookEndpoint.objects.active() if type in endpoint.events]
    if not endpoints:
        return None
    return _event_create(type=type, data=data, endpoints=endpoints)


@transaction.atomic
def webhook_ping(*, endpoint: WebhookEndpoint) -> WebhookEvent:
    """A test ping to this endpoint alone, switched on or not (it is how to see a fix worked)."""
    event = WebhookEvent.objects.create(type=EventType.PING, data=ping_data(endpoint), created_at=timezone.now())
    delivery = WebhookDelivery.objects.create(event=event, endpoint=endpoint, next_attempt_at=event.created_at)
    _publisher().publish_after_commit([delivery.pk])
    return event


def webhook_delivery_send_again(*, delivery: WebhookDelivery) -> bool:
    """Put a delivered or failed delivery back in the queue with a fresh set of retries."""
    with transaction.atomic():
        again = WebhookDelivery.objects.filter(
            pk=delivery.pk, status__in=[DeliveryStatus.DELIVERED, DeliveryStatus.FAILED],
        ).update(status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), enqueued_at=None)
        if again:
            _publisher().publish_after_commit([delivery.pk])
    return bool(again)


def webhook_deliveries_sweep(*, now: dt.datetime | None = None) -> int:
    """Hand back claims whose worker died, then publish every due delivery; returns how many."""
    now = now or timezone.now()
    with transaction.atomic():
        # The dead worker's attempt counts: it may have reached the endpoint before it died.
        WebhookDelivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT).update(
            status=DeliveryStatus.PENDING, claimed_at=None, next_attempt_at=now, error="The worker stopped mid-send.")
        due = list(WebhookDelivery.objects.due(now).order_by("next_attempt_at").values_list("pk", flat=True)[
            :SWEEP_BATCH])
        _publisher().publish_after_commit(due)
    return len(due)
