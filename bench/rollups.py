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
    recruiters = list(User.objects.filter(username__startswith=f"{GENERATED_PREFIX}recruiter-").order_by("pk"))
    minute = _changes(recruiters, touch_every=10, late_every=50, tier_every=50, owner_every=100, share_every=50)
    started = time.perf_counter()
    refreshed = dashboard_rollups_refresh() or {}
    refresh_s = time.perf_counter() - started
    started = time.perf_counter()
    dashboard_rollups_refresh()
    idle_s = time.perf_counter() - started
    hour = _changes(recruiters, touch_every=1, late_every=1, tier_every=1, owner_every=1, share_every=1, tiers=2)
    started = time.perf_counter()
    caught_up = dashboard_rollups_refresh() or {}
    catch_up_s = time.perf_counter() - started
    return {"rows": rebuilt.get("rows", 0), "seconds": rebuild_s, "changes": minute, "refresh_seconds": refresh_s,
            "days": refreshed.get("days"), "books": refreshed.get("owners"), "idle_refresh_seconds": idle_s,
            "hour_changes": hour, "catch_up_seconds": catch_up_s, "catch_up_days": caught_up.get("days"),
            "catch_up_books": caught_up.get("owners"), "stored": DashboardCount.objects.count()}


def _next_tier(tier: int) -> int:
    return Tier.values[(Tier.values.index(tier) + 1) % len(Tier.values)]


def _changes(recruiters, *, touch_every: int, late_every: int, tier_every: int, owner_every: int, share_every: int,
             tiers: int = 1) -> int:
    """Changes made through the services by every n-th recruiter of each kind; returns how many."""
    now, changes = timezone.now(), 0
    for i, recruiter in enumerate(recruiters):
        book = list(Candidate.objects.filter(owner=recruiter).order_by("pk")[:2 + tiers])
        if i % touch_every == 0:
            touch_point_log(candidate=book[0], kind=TouchKind.EMAIL, occurred_at=now, author=recruiter,
                            summary="Quick catch-up.")
            changes += 1
        if i % late_every == 0:
            touch_point_log(candidate=book[0], kind=TouchKind.PHONE_CALL, occurred_at=now - dt.timedelta(days=7),
                            author=recruiter, summary="Call from last week, logged late.")
            changes += 1
        if i % tier_every == 0:
            for candidate in book[2:2 + tiers]:
                candidate_update(candidate=candidate, changed_by=recruiter, tier=_next_tier(candidate.tier))
                changes += 1
        if i % owner_every == 0:
            candidate_update(candidate=book[1], changed_by=recruiter, owner=recruiters[(i + 1) % len(recruiters)])
            changes += 1
        if i % share_every == 0:
            unshared = Feedback.objects.filter(interview__candidate__owner=recruiter, shared_at__isnull=True).first()
            if unshared:
                feedback_share(feedback=unshared, via="email", shared_at=now, shared_by=recruiter)
                changes += 1
    return changes


def rollup_checks(result: dict) -> list[dict]:
    if "seconds" not in result:
        return []
    return [
        {"check": f"Dashboard roll-ups: full rebuild ({result['rows']:,} rows) < {REBUILD_BUDGET_S:.0f} s",
         "value": f"{result['seconds']:.1f} s", "ok": result["seconds"] < REBUILD_BUDGET_S},
        {"check": f"Dashboard roll-ups: the minute's refresh after {result['changes']:,} changes "
                  f"< {REFRESH_BUDGET_S:.0f} s",
         "value": f"{result['refresh_seconds']:.2f} s", "ok": result["refresh_seconds"] < REFRESH_BUDGET_S},
    ]
