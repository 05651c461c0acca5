"""The periodic job beat runs hourly (outreach/beat_schedule.py): expired export files are deleted."""
from celery import shared_task

from .services import candidate_exports_expire


@shared_task(name="exports.expire_exports")
def expire_exports() -> int:
    return candidate_exports_expire()
