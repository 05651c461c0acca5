"""Celery tasks: ids in, re-fetch, call one idempotent service.

Every task is acks_late (settings) so a worker dying mid-task gets it
redelivered; the services make a second run harmless.
"""
import smtplib

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from .dashboard.snapshot import dashboard_snapshots_refresh
from .digests import digest_fail, digest_send, digests_queue, digests_sweep, manager_digests_queue
from .heartbeat import heartbeat_record
from .overdue import schedules_flag_overdue

# SMTP hiccups and network errors are worth another try; anything else is a bug.
RETRYABLE = (smtplib.SMTPException, OSError)
DIGEST_MAX_RETRIES = 5
# 30 s, 60 s, 120 s ... capped at 10 minutes, with full jitter so a flapping SMTP
# server is not hit by every digest at the same second. The cap stays far below
# the Redis visibility timeout (1 hour), past which a waiting retry would be
# delivered a second time.
RETRY_BACKOFF_SECONDS = 30
RETRY_BACKOFF_MAX_SECONDS = 600


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
def refresh_dashboard() -> int:
    return dashboard_snapshots_refresh()


@shared_task
def record_heartbeat() -> None:
    heartbeat_record()


@shared_task(bind=True, max_retries=DIGEST_MAX_RETRIES)
def send_digest(self, digest_id: int) -> bool:
    try:
        return digest_send(digest_id=digest_id)
    except RETRYABLE as exc:
        if self.request.retries >= self.max_retries:
            digest_fail(digest_id=digest_id, error=exc)
            return False
        countdown = get_exponential_backoff_interval(
            RETRY_BACKOFF_SECONDS, self.request.retries, RETRY_BACKOFF_MAX_SECONDS, full_jitter=True
        )
        raise self.retry(exc=exc, countdown=countdown) from exc
    except Exception as exc:
        digest_fail(digest_id=digest_id, error=exc)
        raise
