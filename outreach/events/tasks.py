"""The events' periodic job: three lines around its idempotent service."""
from celery import shared_task

from .services import reminders_queue


@shared_task(name="events.queue_reminders")
def queue_reminders() -> int:
    return reminders_queue()
