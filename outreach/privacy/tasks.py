"""The daily retention review (beat_schedule.py): three lines around the idempotent service."""
from celery import shared_task

from .retention import retention_review_run


@shared_task(name="privacy.retention_review")
def retention_review() -> dict:
    run = retention_review_run()
    return {"ran_on": str(run.ran_on), "flagged": run.flagged, "erased": run.erased, "kept": run.kept} if run else {}
