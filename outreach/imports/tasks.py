"""Imports run on a worker: three lines each around the services in applying.py."""
from celery import shared_task

from .applying import import_apply, import_undo
from .models import ImportRun


@shared_task
def apply_import(run_id: int) -> None:
    import_apply(run=ImportRun.objects.get(pk=run_id))  # no-op unless the run is queued


@shared_task
def undo_import(run_id: int) -> None:
    import_undo(run=ImportRun.objects.get(pk=run_id))  # no-op unless an undo was asked for
