"""The periodic jobs beat starts (see beat_schedule.py): each calls one idempotent service.

Every task is acks_late (settings) so a worker dying mid-task gets it
redelivered; the services make a second run harmless. Tasks that services
enqueue per row (sending one digest) live with their concept, e.g.
digests/tasks.py, so that no service imports the module that imports it.
"""
from celery import shared_task

from .dashboard.rollup import dashboard_rollups_rebuild, dashboard_rollups_refresh
from .digests.services import digests_queue, digests_sweep, manager_digests_queue
from .heartbeat import heartbeat_record
from .overdue import schedules_flag_overdue


@shared_task
def flag_overdue() -> dict:
    result = schedules_flag_overdue()
    return {"flagged": result.flagged, "cleared": result.cleared}


@shared_task
def queue_digests() -> int:
    return len(digests_queue())


@shared_task
def queue_manager_digests() -> int:
    return len(manager_digests_queue())


@shared_task
def sweep_digests() -> int:
    return len(digests_sweep().requeued)


@shared_task
def refresh_dashboard() -> dict | None:
    return dashboard_rollups_refresh()


@shared_task
def rebuild_dashboard() -> dict:
    return dashboard_rollups_rebuild()


@shared_task
def record_heartbeat() -> None:
    heartbeat_record()
