import datetime as dt

from django.db import models

# A task handed to the broker this long ago that has still not claimed its row was lost (an outage).
REPUBLISH_AFTER = dt.timedelta(minutes=5)


class WebhookEndpointQuerySet(models.QuerySet):
    def active(self) -> "WebhookEndpointQuerySet":
        return self.filter(is_active=True)


class WebhookDeliveryQuerySet(models.QuerySet):
    def due(self, now: dt.datetime) -> "WebhookDeliveryQuerySet":
        """Waiting rows whose attempt time has come and whose task is not (or no longer) with the broker."""
        not_enqueued = (models.Q(enqueued_at__isnull=True) | models.Q(enqueued_at__lt=models.F("next_attempt_at"))
                        | models.Q(enqueued_at__lt=now - REPUBLISH_AFTER))
        return self.filter(not_enqueued, status="pending", next_attempt_at__lte=now, endpoint__is_active=True)

    def for_log(self) -> "WebhookDeliveryQuerySet":
        return self.select_related("event")
