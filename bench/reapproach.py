"""Timing the re-approach signal job and Who to contact today over the whole data set.

The job's full pass starts from no signals at all (its first run on a team's data). Then an
hour's worth of changes is made the way people make them (asks and follow-up dates edited,
replies coming in) and the incremental pass is timed an hour later. Who to contact today is
timed for the benchmark's recruiter with the signals the job stored.
"""
import datetime as dt
import statistics
import time

import time_machine
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from candidates.choices import GotAwayReason
from candidates.models import Candidate
from outreach.choices import Direction, TouchKind
from outreach.demo.scale.loader import GENERATED_PREFIX, User
from outreach.models import TouchPoint
from outreach.signals.choices import SignalState
from outreach.signals.job import signals_refresh
from outreach.signals.models import Signal, SignalRun
from outreach.signals.ranking import contact_today

FULL_BUDGET_S = 60.0
INCREMENTAL_BUDGET_S = 5.0
CONTACT_TODAY_BUDGET_MS = 100.0
# An hour's changes on a busy team: about one candidate in a thousand edited, a few hundred replies.
CHANGED_SHARE = 0.001
REPLIES = 300
TIMINGS = 50


def _an_hours_changes(now: dt.datetime) -> int:
    total = Candidate.objects.count()
    edited = max(int(total * CHANGED_SHARE), 10)
    asks = list(Candidate.objects.filter(got_away_reason=GotAwayReason.COMPENSATION_GAP, expected_pay__isnull=False)
                .order_by("?").values_list("pk", flat=True)[:edited // 2])
    Candidate.objects.filter(pk__in=asks).update(expected_pay=100_000, updated_at=now)
    later = list(Candidate.objects.filter(got_away_reason=GotAwayReason.TIMING)
                 .order_by("?").values_list("pk", flat=True)[:edited // 2])
    Candidate.objects.filter(pk__in=later).update(follow_up_on=now.date(), updated_at=now)
    repliers = list(Candidate.objects.order_by("?").values_list("pk", flat=True)[:REPLIES])
    TouchPoint.objects.bulk_create([
        TouchPoint(candidate_id=pk, kind=TouchKind.EMAIL, direction=Direction.INBOUND, occurred_at=now,
                   summary="Thanks, good to hear from you")
        for pk in repliers
    ])
    return len(asks) + len(later) + len(repliers)


def signals_bench() -> dict:
    Signal.objects.all().delete()
    SignalRun.objects.all().delete()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {Signal._meta.db_table}")
    started = time.perf_counter()
    full = signals_refresh(full=True)
    full_s = time.perf_counter() - started
    hour_later = timezone.now() + dt.timedelta(hours=1)
    with time_machine.travel(hour_later, tick=True):
        changed = _an_hours_changes(timezone.now())
        started = time.perf_counter()
        incremental = signals_refresh()
        incremental_s = time.perf_counter() - started
    live = Signal.objects.filter(state=SignalState.LIVE)
    by_kind = dict(live.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    return {
        "candidates": Candidate.objects.count(), "live_signals": sum(by_kind.values()), "by_kind": by_kind,
        "seconds": full_s, "found": full.found, "incremental_seconds": incremental_s,
        "incremental_full": incremental.full, "changed": changed, "incremental_found": incremental.found,
        "contact_today": contact_today_timing(),
    }


def contact_today_timing() -> dict:
    """Who to contact today for the benchmark's recruiter (the first generated one), as the home page builds it."""
    recruiter = User.objects.filter(username__startswith=f"{GENERATED_PREFIX}recruiter-").order_by("username").first()
    now = timezone.now()
    rows = contact_today(user=recruiter, now=now)
    timings = []
    for _ in range(TIMINGS):
        started = time.perf_counter()
        contact_today(user=recruiter, now=now)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {"rows": len(rows), "reasons": [row.reason for row in rows[:5]],
            "p50_ms": statistics.median(timings), "p95_ms": timings[int(len(timings) * 0.95) - 1]}


def reapproach_checks(job: dict) -> list[dict]:
    if "seconds" not in job:
        return []
    checks = [
        {"check": f"Signal job, full first pass < {FULL_BUDGET_S:.0f} s", "value": f"{job['seconds']:.1f} s",
         "ok": job["seconds"] < FULL_BUDGET_S},
        {"check": f"Signal job, incremental pass ({job['changed']:,} changes) < {INCREMENTAL_BUDGET_S:.0f} s",
         "value": f"{job['incremental_seconds']:.2f} s",
         "ok": job["incremental_seconds"] < INCREMENTAL_BUDGET_S and not job["incremental_full"]},
    ]
    today = job.get("contact_today", {})
    if "p95_ms" in today:
        checks.append({"check": f"Who to contact today: p95 < {CONTACT_TODAY_BUDGET_MS:.0f} ms",
                       "value": f"{today['p95_ms']:.1f} ms", "ok": today["p95_ms"] < CONTACT_TODAY_BUDGET_MS})
    return checks
