"""The periodic job: registered with Celery from nurture/celery.py, scheduled in outreach/beat_schedule.py."""
from celery import shared_task

from .services import outbound_emails_sweep


@shared_task(name="mail.sweep_emails")
def sweep_emails() -> int:
    return len(outbound_emails_sweep().requeued)
