"""Period figures for many periods at once, for the snapshot job: one scan per figure, not one per period.

The refresh job needs each period figure for three periods in every viewer's timezone,
and the weekly activity for every timezone. One period at a time (queries.py with
grouped=True) that is dozens of scans over a year of touch points. Here each figure is
one query over the span of all the windows, with one filtered count per window
(COUNT(...) FILTER (WHERE ...)), grouped by the candidates' (owner, tier).

Each function mirrors its namesake in queries.py and returns, for each window in the
order given, what that function returns with grouped=True for a period equal to the
window; test_dashboard_snapshot.py holds the two equal. Windows are (start, end)
instants, end excluded, or (first day, last day) dates, both included, as the live
queries filter.
"""
import datetime as dt
import zoneinfo

from django.db.models import Count, Q

from candidates.models import Feedback, Interview, StageChange

from ..models import TouchPoint
from . import queries
from .queries import GROUP_KEYS, MOVE_COUNTS

Window = tuple


def _instants(field: str):
    return lambda window: Q(**{f"{field}__gte": window[0], f"{field}__lt": window[1]})


def _days(field: str):
    return lambda window: Q(**{f"{field}__gte": window[0], f"{field}__lte": window[1]})


def _span(windows: list[Window]) -> tuple:
    return min(w[0] for w in windows), max(w[1] for w in windows)


def _per_window(qs, prefix: str, fields: tuple, windows: list[Window], within, aggregates: dict) -> list[list[dict]]:
    """For each window, the rows `qs` grouped by (owner, tier) and fields would give with that window's filter.

    aggregates: name -> (field to count, extra condition or None, distinct). One query: each
    aggregate is computed once per window with FILTER. Rows whose counts are all zero are
    dropped, as a GROUP BY over the window alone would never have produced them.
    """
    annotations = {}
    for i, window in enumerate(windows):
        for name, (field, condition, distinct) in aggregates.items():
            where = within(window) & condition if condition is not None else within(window)
            annotations[f"{name}_{i}"] = Count(field, filter=where, distinct=distinct)
    keys = (*GROUP_KEYS, *fields)
    rows = list(queries.with_group(qs, prefix, True).values(*keys).annotate(**annotations).order_by())
    per_window = []
    for i in range(len(windows)):
        window_rows = []
        for row in rows:
            counts = {name: row[f"{name}_{i}"] for name in aggregates}
            if any(counts.values()):
                window_rows.append({**{key: row[key] for key in keys}, **counts})
        per_window.append(window_rows)
    return per_window


def _first_row(rows: list[dict]) -> dict:
    return rows[0]


def team_touches(windows: list[Window]) -> list[dict]:
    per_window = _per_window(
        TouchPoint.objects.between(*_span(windows)), "candidate__", ("candidate__owner",), windows,
        _instants("occurred_at"), {"n": ("id", None, False)},
    )
    return [queries.per_owner(rows, True, "candidate__owner") for rows in per_window]


def team_feedback_shared(windows: list[Window]) -> list[dict]:
    start, end = _span(windows)
    per_window = _per_window(
        Feedback.objects.filter(shared_at__gte=start, shared_at__lt=end), "interview__candidate__",
        ("interview__candidate__owner",), windows, _instants("shared_at"), {"n": ("id", None, False)},
    )
    return [queries.per_owner(rows, True, "interview__candidate__owner") for rows in per_window]


def _stage_changes(windows: list[Window]):
    start, end = _span(windows)
    return queries.with_funnel_positions(StageChange.objects.filter(changed_at__gte=start, changed_at__lt=end))


def stage_moves(windows: list[Window]) -> list[dict]:
    per_window = _per_window(
        _stage_changes(windows), "candidate__", ("to_stage",), windows, _instants("changed_at"),
        {name: ("id", condition, False) for name, condition in MOVE_COUNTS.items()},
    )
    return [queries.shaped(rows, True, queries.moves_by_stage) for rows in per_window]


def forward_movers(windows: list[Window]) -> list[dict]:
    per_window = _per_window(
        _stage_changes(windows).filter(MOVE_COUNTS["forward"]), "candidate__", (), windows,
        _instants("changed_at"), {"n": ("candidate", None, True)},
    )
    return [queries.shaped(rows, True, lambda rows: rows[0]["n"]) for rows in per_window]


def _interviews(windows: list[Window]):
    first, last = _span(windows)
    return Interview.objects.filter(occurred_on__gte=first, occurred_on__lte=last)


def feedback_coverage(windows: list[Window]) -> list[dict]:
    shared = Q(shared=True)
    per_window = _per_window(
        _interviews(windows).annotate(shared=queries.shared_feedback_exists()), "candidate__", (), windows,
        _days("occurred_on"),
        {"interviews": ("id", None, False), "interviews_shared": ("id", shared, False),
         "candidates": ("candidate", None, True), "candidates_shared": ("candidate", shared, True)},
    )
    return [queries.shaped(rows, True, _first_row) for rows in per_window]


def feedback_delays(windows: list[Window], zones: list[str]) -> dict[str, list[dict]]:
    """Per timezone (days are local days), per window. One query: the delay in each zone is its own column."""
    delays = {f"delay_{i}": queries.feedback_delay(zoneinfo.ZoneInfo(zone)) for i, zone in enumerate(zones)}
    per_window = _per_window(
        queries.with_first_shared(_interviews(windows)).annotate(**delays), "candidate__", tuple(delays), windows,
        _days("occurred_on"), {"n": ("id", None, False)},
    )
    by_zone = {}
    for i, zone in enumerate(zones):
        by_zone[zone] = [
            queries.shaped(
                [{key: row[key] for key in GROUP_KEYS} | {"delay": row[f"delay_{i}"], "n": row["n"]} for row in rows],
                True, queries.delay_histogram,
            )
            for rows in per_window
        ]
    return by_zone


def touches_per_week(weeks: list[tuple[dt.date, dt.datetime, dt.datetime]]) -> list[dict]:
    """weeks: (Monday, its local midnight, next Monday's), for any number of timezones at once.

    Returns, per week, {(owner, tier): {kind: touch points}}.
    """
    windows = [(start, end) for _, start, end in weeks]
    per_window = _per_window(
        TouchPoint.objects.between(*_span(windows)), "candidate__", ("kind",), windows,
        _instants("occurred_at"), {"n": ("id", None, False)},
    )
    return [queries.shaped(rows, True, lambda rows: {row["kind"]: row["n"] for row in rows}) for rows in per_window]
