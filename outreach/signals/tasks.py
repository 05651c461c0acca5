"""The signal job's beat task: hourly, incremental (full once a day)."""
from celery import shared_task

from .job import signals_refresh


@shared_task(name="signals.refresh")
def refresh_signals() -> int | None:
    run = signals_refresh()
    return run.found if run else None
