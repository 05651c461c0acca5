"""Period figures for many periods at once, for the snapshot job: one scan per figure, not one per period.

The refresh job needs each period figure for three periods in every viewer's timezone,
and the weekly activity for every timezone. One period at a time (queries.py with
grouped=True) that is dozens of scans over a year of touch points. Here each figure is
one query over the span of all the windows, with one filtered count per window
(COUNT(...) FILTER (WHERE ...)), grouped by the candidates' (owner, tier).

Each function mirrors its namesake in queries.py and returns, for each window in the
order given, {(owner, tier): what that function returns for that group and a period
equal to the window}; test_dashboard_snapshot.py holds the groups, added up, equal to
the live figures. Windows are (start, end) instants, end excluded, or (first day, last
day) dates, both included, as the live queries filter.
"""
import datetime as dt
import zoneinfo
from functools import partial

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


def _per_window(qs, prefix: str, fields: tuple, windows: list[Window], within, aggregates: dict):
    """rows_in(i): the rows `qs` grouped by (owner, tier) and fields would give with window i's filter.

    aggregates: name -> (field to count, extra condition or None, distinct). One query: each
    aggregate is computed once per window with FILTER. Rows whose counts are all zero are
    dropped, as a GROUP BY over the window alone would never have produced them. Only the
    query's tuples are kept; a window's row dicts are made as they are read (all windows'
    at once would take hundreds of megabytes at a large team).
    """
    annotations = {}
    for i, window in enumerate(windows):
        for name, (field, condition, distinct) in aggregates.items():
            where = within(window) & condition if condition is not None else within(window)
            annotations[f"{name}_{i}"] = Count(field, filter=where, distinct=distinct)
    keys = (*GROUP_KEYS, *fields)
    rows = list(queries.with_group(qs, prefix, True).values_list(*keys).annotate(**annotations).order_by())
    names = list(aggregates)

    def rows_in(i: int):
        first = len(keys) + i * len(names)
        for row in rows:
            counts = row[first:first + len(names)]
            if any(counts):
                yield dict(zip(keys, row[:len(keys)], strict=True)) | dict(zip(names, counts, strict=True))

    return rows_in


def _lazily(rows_in, count: int, shape) -> list:
    """Per window, a function returning {(owner, tier): shape(that group's rows)}, computed when called."""
    return [partial(lambda i: queries.shaped(rows_in(i), True, shape), i) for i in range(count)]


def _first_row(rows: list[dict]) -> dict:
    return rows[0]


def team_touches(windows: list[Window]) -> list:
    rows_in = _per_window(
        TouchPoint.objects.between(*_span(windows)), "candidate__", ("candidate__owner",), windows,
        _instants("occurred_at"), {"n": ("id", None, False)},
    )
    return _lazily(rows_in, len(windows), queries.by_owner("candidate__owner"))


def team_feedback_shared(windows: list[Window]) -> list:
    start, end = _span(windows)
    rows_in = _per_window(
        Feedback.objects.filter(shared_at__gte=start, shared_at__lt=end), "interview__candidate__",
        ("interview__candidate__owner",), windows, _instants("shared_at"), {"n": ("id", None, False)},
    )
    return _lazily(rows_in, len(windows), queries.by_owner("interview__candidate__owner"))


def _stage_changes(windows: list[Window]):
    start, end = _span(windows)
    return queries.with_funnel_positions(StageChange.objects.filter(changed_at__gte=start, changed_at__lt=end))


def stage_moves(windows: list[Window]) -> list:
    rows_in = _per_window(
        _stage_changes(windows), "candidate__", ("to_stage",), windows, _instants("changed_at"),
        {name: ("id", condition, False) for name, condition in MOVE_COUNTS.items()},
    )
    return _lazily(rows_in, len(windows), queries.moves_by_stage)


def forward_movers(windows: list[Window]) -> list:
    rows_in = _per_window(
        _stage_changes(windows).filter(MOVE_COUNTS["forward"]), "candidate__", (), windows,
        _instants("changed_at"), {"n": ("candidate", None, True)},
    )
    return _lazily(rows_in, len(windows), lambda rows: rows[0]["n"])


def _interviews(windows: list[Window]):
    first, last = _span(windows)
    return Interview.objects.filter(occurred_on__gte=first, occurred_on__lte=last)


def feedback_coverage(windows: list[Window]) -> list:
    shared = Q(shared=True)
    rows_in = _per_window(
        _interviews(windows).annotate(shared=queries.shared_feedback_exists()), "candidate__", (), windows,
        _days("occurred_on"),
        {"interviews": ("id", None, False), "interviews_shared": ("id", shared, False),
         "candidates": ("candidate", None, True), "candidates_shared": ("candidate", shared, True)},
    )
    return _lazily(rows_in, len(windows), _first_row)


def feedback_delays(windows: list[Window], zones: list[str]):
    """delays_in(zone, i): window i's grouped histogram, counting that zone's days.

    One query for every zone: the delay in each zone is a column of its own.
    """
    delays = {f"delay_{i}": queries.feedback_delay(zoneinfo.ZoneInfo(zone)) for i, zone in enumerate(zones)}
    rows_in = _per_window(
        queries.with_first_shared(_interviews(windows)).annotate(**delays), "candidate__", tuple(delays), windows,
        _days("occurred_on"), {"n": ("id", None, False)},
    )

    def delays_in(zone: str, i: int) -> dict:
        column = f"delay_{zones.index(zone)}"
        zone_rows = (
            {key: row[key] for key in GROUP_KEYS} | {"delay": row[column], "n": row["n"]} for row in rows_in(i)
        )
        return queries.shaped(zone_rows, True, queries.delay_histogram)

    return delays_in


def touches_per_week(weeks: dict[str, list[tuple[dt.date, dt.datetime, dt.datetime]]]):
    """weeks: per timezone, its (Monday, that Monday's midnight, the next one's) of the chart.

    weekly_in(zone): {(owner, tier): {(Monday, kind): touch points}}, as touches_per_week gives
    for that group in that timezone. One query for every zone's weeks.
    """
    zone_weeks = [(zone, monday, (start, end)) for zone, zone_list in weeks.items() for monday, start, end in zone_list]
    windows = [window for _, _, window in zone_weeks]
    rows_in = _per_window(
        TouchPoint.objects.between(*_span(windows)), "candidate__", ("kind",), windows,
        _instants("occurred_at"), {"n": ("id", None, False)},
    )

    def weekly_in(zone: str) -> dict:
        groups: dict[tuple, dict] = {}
        for i, (week_zone, monday, _) in enumerate(zone_weeks):
            if week_zone == zone:
                for row in rows_in(i):
                    groups.setdefault((row["group_owner"], row["group_tier"]), {})[(monday, row["kind"])] = row["n"]
        return groups

    return weekly_in
