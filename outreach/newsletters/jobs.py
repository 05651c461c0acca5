"""The periodic job: registered with Celery from nurture/celery.py, scheduled in outreach/beat_schedule.py."""
from celery import shared_task

from .series import newsletters_tick


@shared_task(name="newsletters.tick")
def tick_newsletters() -> int:
    return len(newsletters_tick().started)
