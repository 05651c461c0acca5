"""The dashboard roll-ups at scale: the nightly rebuild, then a refresh after an hour's worth of changes.

The hour, for a team of the generated size (one recruiter per 2,000 candidates): each
recruiter logs a call from last week, two candidates change tier and one changes owner,
and feedback is shared on an interview of last year; everything through the services, so
the changes are noted as they would be. The refresh then recomputes exactly what they
touched, and the page reads it.
"""
import datetime as dt
import time

from django.contrib.auth import get_user_model
from django.utils import timezone

from candidates.choices import Tier
from candidates.models import Candidate, Feedback
from candidates.services import candidate_update
from outreach.choices import TouchKind
from outreach.dashboard.rollup import dashboard_rollups_rebuild, dashboard_rollups_refresh
from outreach.demo.scale.loader import GENERATED_PREFIX
from outreach.models import DashboardCount
from outreach.services import feedback_share, touch_point_log

REBUILD_BUDGET_S = 60.0
REFRESH_BUDGET_S = 2.0
User = get_user_model()


def rollups_bench() -> dict:
    started = time.perf_counter()
    rebuilt = dashboard_rollups_rebuild()
    rebuild_s = time.perf_counter() - started
    changes = _an_hour_of_changes()
    started = time.perf_counter()
    refreshed = dashboard_rollups_refresh() or {}
    refresh_s = time.perf_counter() - started
    started = time.perf_counter()
    idle = dashboard_rollups_refresh() or {}
    return {"rows": rebuilt.get("rows", 0), "seconds": rebuild_s, "refresh_seconds": refresh_s,
            "idle_refresh_seconds": time.perf_counter() - started, "changes": changes,
            "days": refreshed.get("days"), "books": refreshed.get("owners"), "idle_days": idle.get("days"),
            "stored": DashboardCount.objects.count()}


def _next_tier(tier: int) -> int:
    return Tier.values[(Tier.values.index(tier) + 1) % len(Tier.values)]


def _an_hour_of_changes() -> int:
    now = timezone.now()
    recruiters = list(User.objects.filter(username__startswith=f"{GENERATED_PREFIX}recruiter-").order_by("pk"))
    changes = 0
    for i, recruiter in enumerate(recruiters):
        book = Candidate.objects.filter(owner=recruiter).order_by("pk")
        first, second, third = book[:3]
        touch_point_log(candidate=first, kind=TouchKind.PHONE_CALL, occurred_at=now - dt.timedelta(days=7),
                        author=recruiter, summary="Call from last week, logged late.")
        for candidate in (second, third):
            candidate_update(candidate=candidate, changed_by=recruiter, tier=_next_tier(candidate.tier))
        candidate_update(candidate=first, changed_by=recruiter, owner=recruiters[(i + 1) % len(recruiters)])
        unshared = Feedback.objects.filter(interview__candidate__owner=recruiter, shared_at__isnull=True).first()
        if unshared:
            feedback_share(feedback=unshared, via="email", shared_at=now, shared_by=recruiter)
        changes += 5
    return changes


def rollup_checks(result: dict) -> list[dict]:
    if "seconds" not in result:
        return []
    return [
        {"check": f"Dashboard roll-ups: full rebuild ({result['rows']:,} rows) < {REBUILD_BUDGET_S:.0f} s",
         "value": f"{result['seconds']:.1f} s", "ok": result["seconds"] < REBUILD_BUDGET_S},
        {"check": f"Dashboard roll-ups: refresh after {result['changes']:,} changes < {REFRESH_BUDGET_S:.0f} s",
         "value": f"{result['refresh_seconds']:.2f} s", "ok": result["refresh_seconds"] < REFRESH_BUDGET_S},
    ]
