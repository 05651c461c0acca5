"""One log line and one counter tick per finished Celery task, with its task id on every line it logs."""
import time

from celery.signals import task_failure, task_postrun, task_prerun, task_retry

from . import metrics
from .logs import task_id_var, task_logger

_started: dict[str, tuple[float, object]] = {}


@task_prerun.connect(weak=False)
def _task_started(task_id=None, task=None, **kwargs) -> None:
    _started[task_id] = (time.perf_counter(), task_id_var.set(task_id))


@task_postrun.connect(weak=False)
def _task_finished(task_id=None, task=None, state=None, **kwargs) -> None:
    started, token = _started.pop(task_id, (None, None))
    name = getattr(task, "name", "unknown")
    outcome = {"SUCCESS": "succeeded", "FAILURE": "failed", "RETRY": "retried"}.get(state, str(state).lower())
    if outcome == "succeeded":  # failures and retries are counted by their own signals
        metrics.task_observed(task=name, state=outcome)
    task_logger.info(
        "task %s %s", name, outcome,
        extra={"task": name, "state": outcome,
               "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None},
    )
    if token is not None:
        task_id_var.reset(token)


@task_failure.connect(weak=False)
def _task_failed(sender=None, **kwargs) -> None:
    metrics.task_observed(task=getattr(sender, "name", "unknown"), state="failed")


@task_retry.connect(weak=False)
def _task_retried(sender=None, **kwargs) -> None:
    metrics.task_observed(task=getattr(sender, "name", "unknown"), state="retried")
