"""The dashboard snapshot: every preset view's figures, refreshed by a periodic job so a page view reads one row.

Live, a dashboard figure is an aggregate over every touch point, stage change and
scorecard in the period: millions of rows for a large team, seconds per page. The
refresh job runs each aggregate grouped by the candidates' (owner, tier), for every
preset period in every viewer timezone at once (windows.py), and adds the groups up in
Python into one row per (timezone, recruiter or whole team, tier or all tiers) holding
all three periods. Every candidate is in exactly one group, so the sums equal what the
live queries return, distinct counts included. Figures about the pipeline as it stands
(stages, reasons, going cold, owned, overdue) and the weekly activity are stored once
per row, not per period.

A page view reads the row matching its filters when one was computed for the viewer's
today within the last two refresh intervals; anything else (custom dates, a timezone
no manager had at the last run, a stopped scheduler, a fresh install) is computed live.
"""
import datetime as dt
import zoneinfo

from django.conf import settings
from django.db import connection, transaction
from django.http import QueryDict
from django.utils import timezone

from candidates.choices import Tier
from candidates.models import RecruiterProfile
from candidates.roles import managers

from ..models import DashboardSnapshot
from . import queries, windows
from .filters import DEFAULT_PERIOD, PERIODS, DashboardFilters, local_midnight, parse_filters, team_members
from .sources import (
    CURRENT_FIELDS,
    FIELDS,
    LiveFigures,
    StoredFigures,
    empty_figures,
    figures_from_json,
    figures_to_json,
)

PRESET_PERIODS = [period for period in PERIODS if period != "custom"]
# Row keys for "no recruiter filter" and "no tier filter".
WHOLE_TEAM = ALL_TIERS = 0


def refresh_interval() -> dt.timedelta:
    return dt.timedelta(minutes=settings.DASHBOARD_REFRESH_MINUTES)


def snapshot_timezones() -> list[str]:
    """The timezones dashboard viewers see it in: each manager's and admin's, and the site's default."""
    zones = RecruiterProfile.objects.filter(user__in=managers()).values_list("timezone", flat=True).distinct()
    return sorted({str(zone) for zone in zones} | {settings.TIME_ZONE})


def dashboard_snapshots_refresh(*, now: dt.datetime | None = None) -> int:
    """Recompute every preset view's figures and replace the stored rows; returns how many rows were written.

    Idempotent: a second run replaces the rows of the first (one row per key), and rows of
    views that no longer exist (a zone no manager uses now, a removed user) are dropped.
    One transaction: readers see the previous rows until it commits, and a second run at
    the same time waits for the first instead of writing the same keys.
    """
    now = now or timezone.now()
    members = [member.pk for member in team_members()]
    scopes = [(recruiter, tier) for recruiter in [WHOLE_TEAM, *members] for tier in [ALL_TIERS, *Tier.values]]
    written = 0
    with transaction.atomic():
        _jit_off()
        for rows in _rows_per_zone(now, snapshot_timezones(), scopes):
            DashboardSnapshot.objects.bulk_create(
                rows, batch_size=500, update_conflicts=True, unique_fields=["timezone", "recruiter_id", "tier"],
                update_fields=["local_date", "computed_at", "figures"],
            )
            written += len(rows)
        DashboardSnapshot.objects.exclude(computed_at=now).delete()
    return written


# Windowed figures whose windows are instants (period start and end) or days (first and last).
SPAN_FIELDS = ("stage_moves", "forward_movers", "team_touches", "team_feedback_shared")
DAY_FIELDS = ("feedback_coverage",)


def _rows_per_zone(now: dt.datetime, zones: list[str], scopes: list):
    """The rows to store, one zone at a time (so only one zone's rows are in memory).

    Every figure comes from one query for all zones and periods, grouped by (owner, tier);
    per zone and period, Python adds the groups up to each recruiter/tier view.
    """
    views, weeks = {}, {}
    for zone in zones:
        with timezone.override(zoneinfo.ZoneInfo(zone)):
            for period in PRESET_PERIODS:
                views[(zone, period)] = parse_filters(QueryDict(f"period={period}"), now=now)
            weeks[zone] = _weeks(views[(zone, DEFAULT_PERIOD)])
    # Zones whose periods start and end at the same instants (or days) share a window.
    spans = sorted({(f.start, f.end) for f in views.values()})
    days = sorted({(f.first_day, f.last_day) for f in views.values()})
    # Each a function per window, shaping the query's rows when called: only the rows stay in memory.
    by_window = {name: dict(zip(spans, getattr(windows, name)(spans), strict=True)) for name in SPAN_FIELDS}
    by_window |= {name: dict(zip(days, getattr(windows, name)(days), strict=True)) for name in DAY_FIELDS}
    delays_in = windows.feedback_delays(days, zones)
    weekly_in = windows.touches_per_week(weeks)
    current = _rolled_up(_grouped(parse_filters(QueryDict(), now=now), CURRENT_FIELDS), scopes)

    for zone in zones:
        common = _rolled_up({"touches_per_week": weekly_in(zone)}, scopes)
        periods = {}
        for period in PRESET_PERIODS:
            f = views[(zone, period)]
            groups = {name: by_window[name][(f.start, f.end)]() for name in SPAN_FIELDS}
            groups |= {name: by_window[name][(f.first_day, f.last_day)]() for name in DAY_FIELDS}
            groups["feedback_delays"] = delays_in(zone, days.index((f.first_day, f.last_day)))
            periods[period] = _rolled_up(groups, scopes)
        local_date = now.astimezone(zoneinfo.ZoneInfo(zone)).date()
        yield [
            DashboardSnapshot(
                timezone=zone, recruiter_id=scope[0], tier=scope[1], local_date=local_date, computed_at=now,
                figures={
                    "common": figures_to_json(current[scope] | common[scope]),
                    "periods": {period: figures_to_json(values[scope]) for period, values in periods.items()},
                },
            )
            for scope in scopes
        ]


def _weeks(f: DashboardFilters) -> list[tuple[dt.date, dt.datetime, dt.datetime]]:
    """The weeks of the activity chart in the current timezone: (Monday, its midnight, next Monday's midnight)."""
    week = dt.timedelta(weeks=1)
    return [(monday, local_midnight(monday), local_midnight(monday + week)) for monday in queries.activity_mondays(f)]


def _jit_off() -> None:
    """PostgreSQL's JIT spends longer compiling a query with a hundred FILTERed counts than running it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def _grouped(f: DashboardFilters, names: tuple[str, ...]) -> dict[str, dict]:
    return {name: getattr(queries, name)(f, grouped=True) for name in names}


def _rolled_up(grouped: dict[str, dict], scopes: list[tuple[int, int]]) -> dict[tuple[int, int], dict]:
    """{(recruiter or 0, tier or 0): {figure: the sum of the (owner, tier) groups in that view}}."""
    empty = empty_figures()
    out = {scope: {} for scope in scopes}
    for name, groups in grouped.items():
        per_owner, per_tier, total = {}, {}, _copy(empty[name])
        for (owner, tier), value in groups.items():
            per_owner[owner] = _merge(per_owner.get(owner, _copy(empty[name])), value)
            per_tier[tier] = _merge(per_tier.get(tier, _copy(empty[name])), value)
            total = _merge(total, value)
        for recruiter, tier in scopes:
            if recruiter and tier:
                value = groups.get((recruiter, tier))
            elif recruiter:
                value = per_owner.get(recruiter)
            else:
                value = per_tier.get(tier) if tier else total
            out[(recruiter, tier)][name] = empty[name] if value is None else value
    return out


def _copy(value):
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [dict(row) for row in value]
    return value


def _merge(total, value):
    """total + value, for any figure's shape: a count, {key: count}, {key: {key: count}}, or reason rows."""
    if isinstance(value, int):
        return total + value
    if isinstance(value, list):
        # Got-away reasons: rows keyed by (reason, tier).
        index = {(row["got_away_reason"], row["tier"]): row for row in total}
        for row in value:
            mine = index.get((row["got_away_reason"], row["tier"]))
            if mine is None:
                total.append(dict(row))
            else:
                mine["n"] += row["n"]
                mine["re_engaged"] += row["re_engaged"]
        return total
    for key, item in value.items():
        total[key] = _merge(total[key], item) if key in total else _copy(item)
    return total


def snapshot_for(f: DashboardFilters) -> StoredFigures | None:
    """The stored figures for these filters, if a fresh row for them exists; one query."""
    if f.period not in PRESET_PERIODS:
        return None
    row = (
        DashboardSnapshot.objects.filter(
            timezone=timezone.get_current_timezone_name(),
            recruiter_id=f.recruiter.pk if f.recruiter else WHOLE_TEAM, tier=f.tier or ALL_TIERS,
            local_date=timezone.localdate(f.now), computed_at__gt=f.now - 2 * refresh_interval(),
        )
        .values_list("figures", "computed_at")
        .first()
    )
    if row is None:
        return None
    figures, computed_at = row
    values = figures_from_json(figures["common"]) | figures_from_json(figures["periods"][f.period])
    if not set(FIELDS) <= values.keys():
        return None  # written before a figure was added to the page: live until the next refresh
    return StoredFigures(values, as_of=computed_at)


def dashboard_figures(f: DashboardFilters) -> StoredFigures | LiveFigures:
    """What the page draws from: the snapshot when there is a fresh one, the live queries otherwise."""
    return snapshot_for(f) or LiveFigures(f)
