"""The delivery task: an id in, one claimed attempt out. Retries are rows, not Celery countdowns.

The next attempt's time is stored on the row (12 hours is longer than the broker's visibility
timeout would keep a countdown safe), and the sweep in jobs.py publishes it when it is due.
"""
from celery import shared_task

from .delivery import webhook_delivery_attempt


# Well inside the sweep's claim timeout (services.CLAIM_TIMEOUT): a live worker's claim is never taken over.
@shared_task(name="webhooks.deliver", soft_time_limit=60, time_limit=90)
def deliver_webhook(delivery_id: int) -> bool:
    return webhook_delivery_attempt(delivery_id=delivery_id)
