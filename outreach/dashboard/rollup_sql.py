"""The roll-ups' SQL (PostgreSQL): each source table read once per rebuild or per recomputed day.

A family's first statement groups its events, joined to their candidates for the current
owner and tier, into a temporary table with GROUPING SETS; the next ones write
DashboardCount rows from it. Levels: tier 0 is "all tiers", owner 0 "whole team".

- Whole-team rows (owner 0, each tier and all tiers) exist for every figure. Instants keep
  their day's 24 UTC-hour counts in `hours`, so a period starting at a local midnight off
  the UTC day still reads whole hours.
- Per-recruiter rows exist for what the team table lists (touch points, feedback shared,
  candidates owned, overdue) and the pipeline as it stands; a page filtered to one
  recruiter reads the rest from that recruiter's book (rolled.py).

Names come from the models; every value is a parameter.
"""
import datetime as dt

from django.conf import settings

from candidates.choices import INACTIVE_STAGES, STAGE_FUNNEL
from candidates.models import Candidate, Feedback, Interview, StageChange

from ..models import CheckInSchedule, DashboardCount, TouchPoint
from .queries import RE_ENGAGED_STAGES
from .rollup_codes import MAX_DELAY_DAYS, NO_DAY, Figure

COUNTS = DashboardCount._meta.db_table
CANDIDATES = Candidate._meta.db_table
COLUMNS = "figure, tier, owner_id, day, key, prev_day, n, hours"
HOUR_ARRAY = "ARRAY[" + ", ".join(f"COALESCE(SUM(c) FILTER (WHERE hr = {h}), 0)::int" for h in range(24)) + "]"
HOUR_SUMS = "ARRAY[" + ", ".join(f"SUM(hours[{h}])::int" for h in range(1, 25)) + "]"
TEMP = "rollup_events"


def utc_day(column: str) -> str:
    return f"({column} AT TIME ZONE 'UTC')::date"


def utc_hour(column: str) -> str:
    return f"EXTRACT(HOUR FROM {column} AT TIME ZONE 'UTC')::int"


def ranges_where(column: str, ranges) -> tuple[str, list]:
    """SQL true for `column` in any of the [low, high) ranges; TRUE when ranges is None (everything)."""
    if ranges is None:
        return "TRUE", []
    if not ranges:
        return "FALSE", []
    sql = " OR ".join(f"({column} >= %s AND {column} < %s)" for _ in ranges)
    return f"({sql})", [value for pair in ranges for value in pair]


def only_where(where: str, params: list, column: str, only) -> tuple[str, list]:
    """`where`, limited to these candidates' rows when `only` lists them (a regrouped candidate's history)."""
    if only is None:
        return where, params
    return f"{where} AND {column} = ANY(%s)", [*params, list(only)]


def funnel_position(column: str) -> str:
    whens = " ".join(f"WHEN '{stage}' THEN {i}" for i, stage in enumerate(STAGE_FUNNEL))
    return f"(CASE {column} {whens} END)"


FORWARD = f"{funnel_position('e.to_stage')} > {funnel_position('e.from_stage')}"
BACKWARD = f"{funnel_position('e.to_stage')} < {funnel_position('e.from_stage')}"


DROP_TEMP = (f"DROP TABLE IF EXISTS {TEMP}", [])


def _temp(select: str) -> str:
    return f"CREATE TEMP TABLE {TEMP} ON COMMIT DROP AS {select}"


def _from_temp(*, owner: str, key: str = "key", where: str, hours: bool) -> str:
    """Rows of one figure (the first parameter) from the temporary table's grouped events."""
    if hours:
        return (f"INSERT INTO {COUNTS} ({COLUMNS}) "  # noqa: S608 - names from the models, values are parameters
                f"SELECT %s, COALESCE(tier, 0), {owner}, day, {key}, %s, SUM(c)::int, {HOUR_ARRAY} FROM {TEMP} "
                f"WHERE {where} GROUP BY 2, 3, 4, 5")
    return (f"INSERT INTO {COUNTS} ({COLUMNS}) "  # noqa: S608
            f"SELECT %s, COALESCE(tier, 0), {owner}, day, {key}, %s, SUM(c)::int, NULL FROM {TEMP} "
            f"WHERE {where} GROUP BY 2, 3, 4, 5")


def touches(ranges, only=None) -> list[tuple[str, list]]:
    return touches_by_owner(ranges, only) + touches_by_kind(ranges, only)


def touches_by_owner(ranges, only=None) -> list[tuple[str, list]]:
    """Each recruiter's touch points per day, per tier and in all: one hash aggregate, then its sums."""
    where, params = only_where(*ranges_where("e.occurred_at", ranges), "e.candidate_id", only)
    grouped = _temp(
        f"SELECT c.owner_id AS owner, c.tier, {utc_day('e.occurred_at')} AS day, COUNT(*) AS c "  # noqa: S608
        f"FROM {TouchPoint._meta.db_table} e JOIN {CANDIDATES} c ON c.id = e.candidate_id WHERE {where} "
        "GROUP BY 1, 2, 3"
    )
    return [
        DROP_TEMP, (grouped, params),
        (f"INSERT INTO {COUNTS} ({COLUMNS}) "  # noqa: S608 - names from the models, values are parameters
         f"SELECT %s, COALESCE(tier, 0), owner, day, '', %s, SUM(c)::int, NULL FROM {TEMP} "
         "GROUP BY GROUPING SETS ((owner, tier, day), (owner, day))", [Figure.TOUCHES.value, NO_DAY]),
    ]


def touches_by_kind(ranges, only=None) -> list[tuple[str, list]]:
    """The team's touch points per day and kind, per tier and in all, with their UTC hours."""
    where, params = only_where(*ranges_where("e.occurred_at", ranges), "e.candidate_id", only)
    grouped = _temp(
        f"SELECT c.tier, {utc_day('e.occurred_at')} AS day, e.kind AS key, {utc_hour('e.occurred_at')} AS hr, "  # noqa: S608
        f"COUNT(*) AS c FROM {TouchPoint._meta.db_table} e JOIN {CANDIDATES} c ON c.id = e.candidate_id "
        f"WHERE {where} GROUP BY 1, 2, 3, 4"
    )
    return [
        DROP_TEMP, (grouped, params),
        (f"INSERT INTO {COUNTS} ({COLUMNS}) "  # noqa: S608 - names from the models, values are parameters
         f"SELECT %s, COALESCE(tier, 0), 0, day, key, %s, SUM(c)::int, {HOUR_ARRAY} FROM {TEMP} "
         "GROUP BY GROUPING SETS ((tier, day, key), (day, key))", [Figure.TOUCH_KINDS.value, NO_DAY]),
    ]


def stage_changes(ranges, only=None) -> list[tuple[str, list]]:
    table = StageChange._meta.db_table
    where, params = only_where(*ranges_where("e.changed_at", ranges), "e.candidate_id", only)
    grouped = _temp(
        f"SELECT c.tier, {utc_day('e.changed_at')} AS day, e.to_stage AS key, {utc_hour('e.changed_at')} AS hr, "  # noqa: S608
        f"e.from_stage = '' AS added, COALESCE({FORWARD}, FALSE) AS forward, COALESCE({BACKWARD}, FALSE) AS backward, "
        f"COUNT(*) AS c FROM {table} e JOIN {CANDIDATES} c ON c.id = e.candidate_id WHERE {where} "
        "GROUP BY GROUPING SETS ((1, 2, 3, 4, 5, 6, 7), (2, 3, 4, 5, 6, 7))"
    )
    statements = [DROP_TEMP, (grouped, params)]
    for figure, condition in ((Figure.MOVES_ADDED, "added"), (Figure.MOVES, "NOT added"),
                              (Figure.MOVES_FORWARD, "forward"), (Figure.MOVES_BACKWARD, "backward")):
        statements.append((_from_temp(owner="0", where=condition, hours=True), [figure.value, NO_DAY]))
    forward_days = (f"SELECT e.candidate_id, {utc_day('e.changed_at')} AS day FROM {table} e "  # noqa: S608
                    f"WHERE {FORWARD} AND {{where}}")
    statements.append(_chained_days(Figure.FORWARD_MOVERS, forward_days, "e.changed_at", ranges, only))
    return statements


def _chained_days(figure: Figure, days_sql: str, column: str, ranges, only=None) -> tuple[str, list]:
    """Candidate-days of `days_sql` on the chosen days, each keyed by the candidate's previous such day.

    days_sql selects (candidate_id, day) where {where}; only candidates with a day in the
    ranges are read, with all their days, so each row's previous day is right.
    """
    where, params = only_where(*ranges_where(column, ranges), "e.candidate_id", only)
    day_where, day_params = ranges_where("l.day", _day_ranges(ranges))
    history, history_params = only_where("TRUE", [], "e.candidate_id", only)
    chosen = "TRUE" if ranges is None else (
        f"d.candidate_id IN (SELECT candidate_id FROM ({days_sql.format(where=where)}) AS changed)")  # noqa: S608
    return (
        f"INSERT INTO {COUNTS} ({COLUMNS}) "  # noqa: S608 - names from the models, values are parameters
        f"SELECT %s, COALESCE(c.tier, 0), 0, l.day, '', COALESCE(l.prev, %s::date), COUNT(*)::int, NULL "
        f"FROM (SELECT candidate_id, day, LAG(day) OVER (PARTITION BY candidate_id ORDER BY day) AS prev "
        f"FROM (SELECT DISTINCT d.candidate_id, d.day FROM ({days_sql.format(where=history)}) d WHERE {chosen}) cd) l "
        f"JOIN {CANDIDATES} c ON c.id = l.candidate_id WHERE {day_where} "
        "GROUP BY GROUPING SETS ((c.tier, l.day, l.prev), (l.day, l.prev))",
        [figure.value, NO_DAY, *history_params, *([] if ranges is None else params), *day_params],
    )


def _day_ranges(ranges):
    """The [low, high) instant ranges as date ranges (they are whole UTC days); dates stay dates."""
    if ranges is None:
        return None
    return [(_as_date(low), _as_date(high, ceil=True)) for low, high in ranges]


def _as_date(value, *, ceil: bool = False):
    """A range end as a date: an instant past midnight ends after its day (today, up to now)."""
    if not isinstance(value, dt.datetime):
        return value
    value = value.astimezone(dt.UTC)
    past_midnight = value.time() != dt.time.min
    return value.date() + dt.timedelta(days=1) if ceil and past_midnight else value.date()


def feedback(ranges, only=None) -> list[tuple[str, list]]:
    where, params = only_where(*ranges_where("f.shared_at", ranges), "i.candidate_id", only)
    grouped = _temp(
        f"SELECT c.owner_id AS owner, c.tier, {utc_day('f.shared_at')} AS day, {utc_hour('f.shared_at')} AS hr, "  # noqa: S608
        f"COUNT(*) AS c FROM {Feedback._meta.db_table} f JOIN {Interview._meta.db_table} i ON i.id = f.interview_id "
        f"JOIN {CANDIDATES} c ON c.id = i.candidate_id WHERE f.shared_at IS NOT NULL AND {where} "
        "GROUP BY GROUPING SETS ((1, 2, 3), (1, 3), (2, 3, 4), (3, 4))"
    )
    return [
        DROP_TEMP,
        (grouped, params),
        (_from_temp(owner="owner", key="''", where="owner IS NOT NULL", hours=False),
         [Figure.FEEDBACK_SHARED.value, NO_DAY]),
        (_from_temp(owner="0", key="''", where="owner IS NULL", hours=True), [Figure.FEEDBACK_SHARED.value, NO_DAY]),
    ]


def interviews(day_ranges, only=None, *, whole: bool = False) -> list[tuple[str, list]]:
    """Interviews by the date they took place; day_ranges are [first, after-last) dates.

    whole (the rebuild): every interview, its first shared scorecard found by one grouped
    pass over the scorecards rather than a look-up per interview.
    """
    table, scorecards = Interview._meta.db_table, Feedback._meta.db_table
    where, params = only_where(*ranges_where("e.occurred_on", day_ranges), "e.candidate_id", only)
    if whole:
        first_shared = (f"LEFT JOIN (SELECT interview_id, MIN(shared_at) AS first_shared FROM {scorecards} "  # noqa: S608
                        "WHERE shared_at IS NOT NULL GROUP BY 1) x ON x.interview_id = e.id")
        shared = f"AND e.id IN (SELECT interview_id FROM {scorecards} WHERE shared_at IS NOT NULL)"  # noqa: S608
    else:
        first_shared = (f"CROSS JOIN LATERAL (SELECT MIN(f.shared_at) AS first_shared FROM {scorecards} f "  # noqa: S608
                        "WHERE f.interview_id = e.id AND f.shared_at IS NOT NULL) x")
        shared = (f"AND EXISTS (SELECT 1 FROM {scorecards} f "  # noqa: S608
                  "WHERE f.interview_id = e.id AND f.shared_at IS NOT NULL)")
    grouped = _temp(
        f"SELECT c.tier, e.occurred_on AS day, (x.first_shared IS NOT NULL) AS shared, "  # noqa: S608
        f"LEAST(GREATEST((x.first_shared AT TIME ZONE %s)::date - e.occurred_on, 0), {MAX_DELAY_DAYS})::text AS key, "
        f"COUNT(*) AS c FROM {table} e {first_shared} "
        f"JOIN {CANDIDATES} c ON c.id = e.candidate_id WHERE {where} "
        "GROUP BY GROUPING SETS ((1, 2, 3, 4), (2, 3, 4))"
    )
    every_day = f"SELECT e.candidate_id, e.occurred_on AS day FROM {table} e WHERE {{where}}"  # noqa: S608
    return [
        DROP_TEMP,
        (grouped, [settings.TIME_ZONE, *params]),
        (_from_temp(owner="0", key="''", where="TRUE", hours=False), [Figure.INTERVIEWS.value, NO_DAY]),
        (_from_temp(owner="0", key="''", where="shared", hours=False), [Figure.INTERVIEWS_SHARED.value, NO_DAY]),
        (_from_temp(owner="0", where="shared", hours=False), [Figure.FEEDBACK_DELAYS.value, NO_DAY]),
        _chained_days(Figure.INTERVIEWEES, every_day, "e.occurred_on", day_ranges, only),
        _chained_days(Figure.INTERVIEWEES_SHARED, every_day + f" {shared}", "e.occurred_on", day_ranges, only),
    ]


def current(owner_ids) -> list[tuple[str, list]]:
    """The pipeline as it stands for these owners' books (None: everyone), per recruiter and tier."""
    owners = "TRUE" if owner_ids is None else "c.owner_id = ANY(%s)"
    owner_params = [] if owner_ids is None else [list(owner_ids)]
    schedules = CheckInSchedule._meta.db_table
    inactive = [str(stage) for stage in INACTIVE_STAGES]
    re_engaged = [str(stage) for stage in RE_ENGAGED_STAGES]
    candidates = _temp(
        f"SELECT c.owner_id AS owner, c.tier, c.stage, c.got_away_reason, c.stage = ANY(%s) AS re_engaged, "  # noqa: S608
        f"COUNT(*) AS c FROM {CANDIDATES} c WHERE {owners} GROUP BY 1, 2, 3, 4, 5"
    )

    def from_candidates(figure: Figure, key: str, where: str = "TRUE") -> tuple[str, list]:
        return (f"INSERT INTO {COUNTS} ({COLUMNS}) "  # noqa: S608
                f"SELECT %s, tier, owner, %s, {key}, %s, SUM(c)::int, NULL FROM {TEMP} WHERE {where} "
                f"GROUP BY tier, owner, {key}", [figure.value, NO_DAY, NO_DAY])

    def schedule_times(figure: Figure, column: str, levels: str) -> tuple[str, list]:
        return (
            f"INSERT INTO {COUNTS} ({COLUMNS}) "  # noqa: S608
            f"SELECT %s, COALESCE(tier, 0), owner, day, '', %s, SUM(c)::int, {HOUR_ARRAY} FROM ("
            f"SELECT c.owner_id AS owner, c.tier, COALESCE({utc_day('s.' + column)}, %s::date) AS day, "
            f"COALESCE({utc_hour('s.' + column)}, 0) AS hr, COUNT(*) AS c "
            f"FROM {schedules} s JOIN {CANDIDATES} c ON c.id = s.candidate_id WHERE {owners} AND NOT s.paused "
            f"AND NOT c.do_not_contact AND NOT (c.stage = ANY(%s)) GROUP BY 1, 2, 3, 4) AS due "
            f"GROUP BY GROUPING SETS ({levels})",
            [figure.value, NO_DAY, NO_DAY, *owner_params, inactive],
        )

    return [
        DROP_TEMP,
        (candidates, [re_engaged, *owner_params]),
        from_candidates(Figure.STAGES, "stage"),
        from_candidates(Figure.REASONS, "got_away_reason"),
        from_candidates(Figure.REASONS_RE_ENGAGED, "got_away_reason", "re_engaged"),
        schedule_times(Figure.LAST_TOUCH, "last_touch_at", "(owner, tier, day)"),
        schedule_times(Figure.DUE, "next_due_at", "(owner, tier, day), (owner, day)"),
    ]


# Whole-team rows of the current figures (and the recruiters' all-tier stage counts),
# added up from the recruiters' (owner, tier) rows.
TEAM_SUMS = {
    Figure.STAGES: "(tier, day, key, prev), (day, key, prev), (owner, day, key, prev)",
    Figure.REASONS: "(tier, day, key, prev)",
    Figure.REASONS_RE_ENGAGED: "(tier, day, key, prev)",
    Figure.LAST_TOUCH: "(tier, day, key, prev)",
}


def current_team_sums() -> list[tuple[str, list]]:
    """Whole-team rows (and each changed recruiter's all-tier stage counts) from the per-tier book rows."""
    statements = []
    for figure, levels in TEAM_SUMS.items():
        hours = HOUR_SUMS if figure == Figure.LAST_TOUCH else "NULL"
        owner = "COALESCE(owner, 0)" if "owner" in levels else "0"
        statements.append((
            f"INSERT INTO {COUNTS} ({COLUMNS}) "  # noqa: S608 - names from the models
            f"SELECT %s, COALESCE(tier, 0), {owner}, day, key, prev, SUM(n)::int, {hours} "
            f"FROM (SELECT owner_id AS owner, tier, day, key, prev_day AS prev, n, hours FROM {COUNTS} "
            f"WHERE figure = %s AND owner_id > 0 AND tier > 0) AS books GROUP BY GROUPING SETS ({levels})",
            [figure.value, figure.value],
        ))
    return statements


KEY = "figure, tier, owner_id, day, key, prev_day"
ADD_HOURS = ("CASE WHEN EXCLUDED.hours IS NULL THEN {t}.hours ELSE ARRAY(SELECT COALESCE(a, 0) + COALESCE(b, 0) "
             "FROM unnest({t}.hours, EXCLUDED.hours) AS h(a, b)) END")


def delta_merge(plus: str, minus: str) -> list[tuple[str, list]]:
    """Add the rows of table `plus` and take off those of `minus` (same columns), then drop rows left at 0."""
    hours = ("CASE WHEN bool_and(hours IS NULL) THEN NULL ELSE ARRAY["
             + ", ".join(f"COALESCE(SUM(sign * hours[{h}]), 0)::int" for h in range(1, 25)) + "] END")
    return [
        (f"INSERT INTO {COUNTS} ({COLUMNS}) "  # noqa: S608 - names from the models
         f"SELECT {KEY}, SUM(sign * n)::int, {hours} FROM ("
         f"SELECT {KEY}, n, hours, 1 AS sign FROM {plus} UNION ALL SELECT {KEY}, n, hours, -1 FROM {minus}) AS d "
         f"GROUP BY {KEY} "
         f"ON CONFLICT ({KEY}) DO UPDATE SET n = {COUNTS}.n + EXCLUDED.n, hours = {ADD_HOURS.format(t=COUNTS)}", []),
        (f"DELETE FROM {COUNTS} c USING (SELECT DISTINCT figure, day FROM {minus}) d "  # noqa: S608
         "WHERE c.figure = d.figure AND c.day = d.day AND c.n = 0", []),
    ]
