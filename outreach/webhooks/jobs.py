"""The periodic job beat runs every minute (outreach/beat_schedule.py): due retries and lost tasks."""
from celery import shared_task

from .services import webhook_deliveries_sweep


@shared_task(name="webhooks.sweep_deliveries")
def sweep_deliveries() -> int:
    return webhook_deliveries_sweep()
