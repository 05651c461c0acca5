"""Outgoing webhooks: the team's endpoints, each event once, one delivery row per event and endpoint.

The event and its deliveries are written in the transaction of the change they describe (a
transactional outbox): a change that rolls back leaves no event, and a committed one always has
its rows, however the broker is doing. A delivery is claimed by a conditional UPDATE before each
attempt, so a success is posted once however many workers or sweeps see the row.
"""
import base64
import datetime as dt
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from .querysets import WebhookDeliveryQuerySet, WebhookEndpointQuerySet

SECRET_PREFIX = "whsec_"
# After a failed attempt n (1-based), the next one waits RETRY_DELAYS[n - 1]; after the last, it failed.
RETRY_DELAYS = [dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30),
                dt.timedelta(hours=2), dt.timedelta(hours=12)]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


class EventType(models.TextChoices):
    TOUCH_POINT_LOGGED = "touch_point.logged", "A touch point is logged"
    STAGE_CHANGED = "candidate.stage_changed", "A candidate's stage changes"
    CANDIDATE_REPLIED = "candidate.replied", "A candidate replies to an email"
    # Sent only by "Send a test ping", to one endpoint; never subscribed to.
    PING = "ping", "Test ping"


SUBSCRIBABLE = [choice for choice in EventType.choices if choice[0] != EventType.PING]


def webhook_new_secret() -> str:
    # Standard Webhooks' format: "whsec_" and the base64 of the HMAC key (24 random bytes).
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


class WebhookEndpoint(models.Model):
    url = models.URLField("Endpoint URL", max_length=500)
    description = models.CharField(max_length=200, blank=True, help_text="What receives it, e.g. 'Data warehouse'.")
    events = models.JSONField(default=list, help_text="The event types this endpoint receives.")
    # The signing key. It has to be kept to sign with (unlike an API token's hash); it is shown
    # to the admin once, on the page that made it, and never again (nor in the Django admin).
    secret = models.CharField(max_length=100, editable=False)
    is_active = models.BooleanField(default=True)
    # Deliveries in a row that used up every retry; at WEBHOOK_DISABLE_AFTER the endpoint is switched off.
    failed_in_a_row = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="webhook_endpoints")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WebhookEndpointQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.description or self.url

    def get_absolute_url(self) -> str:
        return reverse("webhooks:detail", args=[self.pk])

    def event_labels(self) -> list[str]:
        labels = dict(EventType.choices)
        return [labels.get(event, event) for event in self.events]


class WebhookEvent(models.Model):
    """Something that happened, once: the same id and body go to every endpoint and every retry."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(max_length=40, choices=EventType.choices)
    data = models.JSONField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.type} {self.public_id}"

    @property
    def public_id(self) -> str:
        # The webhook-id header and the payload's "id": receivers deduplicate on it.
        return f"evt_{self.uuid.hex}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    SENDING = "sending", "Sending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


class WebhookDelivery(models.Model):
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When the next attempt may start; a pending row past it is due (the sweep's index range).
    next_attempt_at = models.DateTimeField()
    # When its task was last handed to the broker; older than next_attempt_at means not yet for this attempt.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    # What went wrong last time, for the admin: "HTTP 500", "Timed out after 10 s", the refusal.
    error = models.CharField(max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["event", "endpoint"], name="webhooks_one_delivery_per_event_endpoint"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhooks_delivery_due"),
            models.Index(fields=["endpoint", "-id"], name="webhooks_delivery_log"),
        ]

    def __str__(self) -> str:
        return f"{self.event} -> {self.endpoint}"
