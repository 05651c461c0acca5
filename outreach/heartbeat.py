"""Is the scheduler alive? A heartbeat row written by a periodic task, and the checks behind /healthz.

The heartbeat is written by a task that beat enqueues every five minutes and a
worker runs, so a fresh heartbeat proves the whole chain (beat -> broker ->
worker -> database) works, which is what digests depend on.
"""
import datetime as dt

from django.db import connection
from django.utils import timezone

from .models import SchedulerHeartbeat

BEAT = "beat"
STALE_AFTER = dt.timedelta(minutes=30)


def heartbeat_record(*, name: str = BEAT, now: dt.datetime | None = None) -> None:
    SchedulerHeartbeat.objects.update_or_create(name=name, defaults={"beat_at": now or timezone.now()})


def heartbeat_last(*, name: str = BEAT) -> dt.datetime | None:
    return SchedulerHeartbeat.objects.filter(name=name).values_list("beat_at", flat=True).first()


def scheduler_is_stale(*, now: dt.datetime | None = None) -> bool:
    last = heartbeat_last()
    return last is None or last < (now or timezone.now()) - STALE_AFTER


def database_check() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any failure is a "down" answer, never a 500
        return False, f"{type(exc).__name__}: {exc}"
    return True, "ok"


def broker_check(*, timeout: float = 3.0) -> tuple[bool, str]:
    from celery import current_app

    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"
    return True, "ok"


def health_report(*, now: dt.datetime | None = None) -> tuple[bool, dict]:
    """What /healthz answers: each dependency's state, and whether all are fine."""
    now = now or timezone.now()
    db_ok, db_detail = database_check()
    broker_ok, broker_detail = broker_check()
    last = heartbeat_last() if db_ok else None
    beat_ok = last is not None and last >= now - STALE_AFTER
    report = {
        "database": {"ok": db_ok, "detail": db_detail},
        "broker": {"ok": broker_ok, "detail": broker_detail},
        "beat": {
            "ok": beat_ok,
            "last_run": last.isoformat() if last else None,
            "stale_after_minutes": int(STALE_AFTER.total_seconds() // 60),
        },
    }
    healthy = db_ok and broker_ok and beat_ok
    report["status"] = "ok" if healthy else "degraded"
    return healthy, report
