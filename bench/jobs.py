"""Timing the engine's jobs over the whole data set, the way the worker runs them.

Each job runs in its own child process (a fresh interpreter, like a worker) so its peak
resident memory is its own and not the benchmark's. The digest job is made to find every
generated recruiter due at once (their digest time set to "now", UTC), which is the worst
hour the real team can have.
"""
import datetime as dt
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from candidates.models import RecruiterProfile
from outreach.demo.scale.loader import GENERATED_PREFIX
from outreach.digests import services as digests
from outreach.digests.sending import digest_send
from outreach.duplicates.finding import duplicates_rebuild, duplicates_refresh
from outreach.duplicates.models import DuplicatePair
from outreach.models import CheckInSchedule, Digest
from outreach.overdue import schedules_flag_overdue

from .privacy import erasure_bench, retention_bench
from .reapproach import signals_bench
from .rollups import rollups_bench

# Sending is timed on this many digests and scaled to all of them, so a slow sender
# cannot stretch a 500-recruiter run past the session; the result says when it did.
DIGEST_SEND_SAMPLE = 50
FLAG_OVERDUE_BUDGET_S = 10.0
DIGESTS_BUDGET_S = 60.0
# The nightly rebuild of the possible duplicates (every candidate compared again).
DUPLICATES_REBUILD_BUDGET_S = 150.0
WORKER_RSS_BUDGET_MB = 300.0


def peak_rss_mb() -> float:
    """This process's own peak resident memory.

    VmHWM first: getrusage's ru_maxrss survives fork and exec on Linux, so a child started
    from a big benchmark process would report the parent's peak instead of its own.
    """
    try:
        with open("/proc/self/status", encoding="utf-8") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def flag_overdue_run() -> dict:
    """First pass flags every overdue schedule from scratch; the second finds nothing left to change."""
    CheckInSchedule.objects.filter(overdue_since__isnull=False).update(overdue_since=None)
    now = timezone.now()
    started = time.perf_counter()
    first = schedules_flag_overdue(now=now)
    first_s = time.perf_counter() - started
    started = time.perf_counter()
    schedules_flag_overdue(now=now)
    return {"schedules": CheckInSchedule.objects.count(), "flagged": first.flagged, "seconds": first_s,
            "steady_seconds": time.perf_counter() - started}


def digests_run() -> dict:
    """Queue and send the daily digest of every generated recruiter, with email kept in memory.

    send_seconds is measured on up to DIGEST_SEND_SAMPLE digests and scaled to all queued.
    """
    now = timezone.now()
    profiles = RecruiterProfile.objects.filter(user__username__startswith=f"{GENERATED_PREFIX}recruiter-")
    profiles.update(timezone="UTC", digest_hour=now.hour, digest_weekdays=list(range(7)), digests_enabled=True)
    Digest.objects.filter(recipient__username__startswith=GENERATED_PREFIX).delete()
    sent = []
    # The broker is outside the measurement: sending is timed below, in this same process.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        enqueue, digests.send_digest = digests.send_digest, SimpleNamespace(delay=sent.append)
        try:
            started = time.perf_counter()
            queued = digests.digests_queue(now=now + dt.timedelta(minutes=1))
            queue_s = time.perf_counter() - started
            started = time.perf_counter()
            for digest_id in sent[:DIGEST_SEND_SAMPLE]:
                digest_send(digest_id=digest_id)
            sample_s = time.perf_counter() - started
            send_s = sample_s * len(sent) / max(1, min(len(sent), DIGEST_SEND_SAMPLE))
        finally:
            digests.send_digest = enqueue
    return {"recruiters": profiles.count(), "queued": len(queued), "queue_seconds": queue_s,
            "sent_measured": min(len(sent), DIGEST_SEND_SAMPLE), "send_seconds": send_s,
            "seconds": queue_s + send_s}


def duplicates_rebuild_run() -> dict:
    """Compare the whole pool for possible duplicates, as the nightly job does; then a catch-up with nothing new."""
    started = time.perf_counter()
    pairs = duplicates_rebuild()
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    duplicates_refresh()
    return {"pairs": pairs, "stored": DuplicatePair.objects.count(), "seconds": seconds,
            "steady_seconds": time.perf_counter() - started}


JOBS = {"flag_overdue": flag_overdue_run, "digests": digests_run, "dashboard_rollups": rollups_bench,
        "duplicates_rebuild": duplicates_rebuild_run, "retention": retention_bench, "erasure": erasure_bench,
        "signals": signals_bench}
# Run before the pages are timed, not after: the dashboard pages, the duplicates list and Who to contact
# today (on My check-ins) read what they store. The roll-ups last, so the dashboard has nothing left to
# read live but what came after them.
BEFORE_PAGES = ("duplicates_rebuild", "signals", "dashboard_rollups")


def job_run_here(name: str) -> dict:
    result = JOBS[name]()
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def bench_in_child(arguments: list[str], *, what: str) -> dict:
    """Run `manage.py bench ARGUMENTS` in a fresh process, so its peak RSS is its own; it prints its result as JSON."""
    manage = Path(settings.BASE_DIR) / "manage.py"
    completed = subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
        [sys.executable, str(manage), "bench", *arguments, "--settings", settings.SETTINGS_MODULE],
        capture_output=True, text=True, timeout=1800, check=False,
    )
    for line in reversed(completed.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return {"skipped": f"{what} process failed: {completed.stderr.strip()[-500:]}"}


def job_run_in_child(name: str) -> dict:
    return bench_in_child(["--job", name], what="job")


def jobs_measure(*, in_process: bool, names=None) -> dict:
    results = {}
    for name in names or [name for name in JOBS if name not in BEFORE_PAGES]:
        results[name] = job_run_here(name) if in_process else job_run_in_child(name)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            # The jobs rewrote many rows; settle the tables before anything else is measured.
            cursor.execute(f"VACUUM (ANALYZE) {CheckInSchedule._meta.db_table}")
    return results
