"""The possible duplicates' jobs: three lines around the idempotent refreshes in finding.py."""
from celery import shared_task

from .finding import duplicates_rebuild, duplicates_refresh


@shared_task(name="duplicates.refresh")
def refresh_duplicates() -> int:
    return duplicates_refresh()  # no-op when nothing changed or another refresh is running


@shared_task(name="duplicates.rebuild")
def rebuild_duplicates() -> int:
    return duplicates_rebuild()
