"""The dashboard's roll-ups: per-day counts for each (recruiter, tier) level, rebuilt nightly, refreshed every minute.

A period's figure is a sum over at most a few thousand DashboardCount rows instead of an
aggregate over millions of events (rolled.py reads them). What is stored:

- **Events by UTC day** (touch points, stage changes, scorecards shared), the team's rows
  with the day's 24 UTC-hour counts, and **interviews by their date**. Everything up to
  `DashboardRollupState.rolled_until` (the last refresh) is stored, today so far included;
  the page reads what came after live, a few minutes of events, so it is never behind.
- **Candidates, not events**: "candidates who moved forward" and "candidates interviewed"
  cannot be added up day by day (one person moving on two days is one mover). Each
  candidate-day is stored with the candidate's previous day for that figure, so the
  candidates with a day in a range are exactly the candidate-days in it whose previous day
  is before it (rolled.py), a sum like the others.
- **The pipeline as it stands** (stages, got-away reasons, days since the last touch, due
  dates) per recruiter and tier, recomputed for the books that changed.

What changed since the last refresh: a DashboardChange row for each past day a write
touched, each book written to, and each candidate who changed owner or tier (changes.py).
The refresh recomputes exactly those days and books from the source tables, so it is
idempotent and cannot drift; the nightly rebuild starts from nothing. PostgreSQL only: on
SQLite (a laptop install) the page computes live.
"""
import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from candidates.models import Candidate, Interview, StageChange

from ..models import DashboardChange, DashboardCount, DashboardRollupState
from . import rollup_sql
from .rollup_codes import CHAINED, FAMILY_FIGURES, Family, Figure

LOCK_KEY = 0x64617368  # one refresh or rebuild at a time ("dash")
# A write commits within this long of the time it was given, so the days and books a refresh
# looks at overlap the previous refresh's by it, and a write committing late is still seen.
SETTLE = dt.timedelta(minutes=5)
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
COUNTS = DashboardCount._meta.db_table
VACUUM_AFTER_CHANGES = 1000
EVENT_SQL = {
    Family.TOUCHES: rollup_sql.touches,
    Family.STAGE_CHANGES: rollup_sql.stage_changes,
    Family.FEEDBACK: rollup_sql.feedback,
    Family.INTERVIEWS: rollup_sql.interviews,
}


def rollups_supported() -> bool:
    return connection.vendor == "postgresql"


def utc_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def _execute(statements) -> None:
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)


def _lock(*, wait: bool) -> bool:
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            return True
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
        return cursor.fetchone()[0]


def _day_runs(days) -> list[tuple[dt.date, dt.date]]:
    """Sorted days as [first, after-last) runs of consecutive days."""
    runs = []
    for day in sorted(days):
        if runs and runs[-1][1] == day:
            runs[-1] = (runs[-1][0], day + dt.timedelta(days=1))
        else:
            runs.append((day, day + dt.timedelta(days=1)))
    return runs


def _event_ranges(family: Family, days, now: dt.datetime) -> list[tuple]:
    """The days as ranges of the family's time column; today's ends now (dated rows: today is not rolled up)."""
    runs = _day_runs(days)
    if family == Family.INTERVIEWS:
        return [(first, min(after, now.astimezone(dt.UTC).date())) for first, after in runs]
    return [(utc_midnight(first), min(utc_midnight(after), now)) for first, after in runs]


def _figures(family: Family) -> list[int]:
    return [figure.value for figure in FAMILY_FIGURES[family]]


# The rebuild's two halves, each on a connection (a core) of its own: about the same work each.
REBUILD_GROUPS = (
    (rollup_sql.touches_by_owner, rollup_sql.stage_changes, rollup_sql.current),
    (rollup_sql.touches_by_kind, rollup_sql.feedback, rollup_sql.interviews),
)
NEXT = f"{COUNTS}_next"


def dashboard_rollups_rebuild(*, now: dt.datetime | None = None) -> dict:
    """Every roll-up row from the source tables, replacing what was there; returns how many rows.

    The rows are written into a new table without indexes (three times quicker than into the
    indexed one), indexed, and swapped in: pages read the old rows until the swap. Run inside
    a transaction (the refresh's first run, tests) it works in place, one family after another.
    """
    now = now or timezone.now()
    if not rollups_supported():
        return {"rows": 0, "skipped": "the roll-ups need PostgreSQL"}
    if connection.in_atomic_block:
        _lock(wait=True)
        seen = _last_change()
        DashboardCount.objects.all().delete()
        for group in REBUILD_GROUPS:
            _rebuild_families(group, now, into=COUNTS)
        _rebuilt(seen=seen, now=now)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            seen = _last_change()
            _execute([(f"DROP TABLE IF EXISTS {NEXT}", []),
                      (f"CREATE TABLE {NEXT} (LIKE {COUNTS} INCLUDING DEFAULTS INCLUDING IDENTITY)", [])])
            with ThreadPoolExecutor(max_workers=len(REBUILD_GROUPS)) as pool:
                for done in [pool.submit(_rebuild_on_own_connection, group, now) for group in REBUILD_GROUPS]:
                    done.result()
            with transaction.atomic():
                _swap_in_next()
                _rebuilt(seen=seen, now=now)
            # The new rows' pages marked all-visible, so the team table reads from its index alone.
            _execute([(f"VACUUM ANALYZE {COUNTS}", [])])
        finally:
            _execute([(f"DROP TABLE IF EXISTS {NEXT}", []), ("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])])
    return {"rows": DashboardCount.objects.count()}


def _last_change() -> int:
    return DashboardChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _rebuilt(*, seen: int, now: dt.datetime) -> None:
    """The changes the rebuild has read past are done with; the state says what the rows hold."""
    DashboardChange.objects.filter(pk__lte=seen).delete()
    DashboardRollupState.objects.all().delete()
    DashboardRollupState.objects.create(rolled_until=now, refreshed_at=now, rebuilt_at=now)


def _rebuild_on_own_connection(families, now: dt.datetime) -> None:
    try:
        with transaction.atomic():
            _rebuild_families(families, now, into=NEXT)
    finally:
        connection.close()


def _rebuild_families(builders, now: dt.datetime, *, into: str) -> None:
    _jit_off()
    everything = [(EARLIEST, now)]
    for build in builders:
        if build is rollup_sql.current:
            statements = rollup_sql.current(None) + rollup_sql.current_team_sums()
        elif build is rollup_sql.interviews:
            statements = build([(EARLIEST.date(), now.astimezone(dt.UTC).date())], whole=True)
        else:
            statements = build(everything)
        _execute([(sql.replace(COUNTS, into), params) for sql, params in statements])


def _swap_in_next() -> None:
    """Index the new table as the model's is, then put it in the old one's place (a moment's lock)."""
    columns = ", ".join(DashboardCount._meta.constraints[0].fields)
    index = DashboardCount._meta.indexes[0]
    team = f"{', '.join(index.fields)}) INCLUDE ({', '.join(index.include)}"
    _execute([
        (f"ALTER TABLE {NEXT} ADD CONSTRAINT {NEXT}_pkey PRIMARY KEY (id)", []),
        (f"ALTER TABLE {NEXT} ADD CONSTRAINT {NEXT}_key UNIQUE ({columns})", []),
        (f"CREATE INDEX {NEXT}_team ON {NEXT} ({team})", []),
        (f"LOCK TABLE {COUNTS} IN ACCESS EXCLUSIVE MODE", []),
        (f"DROP TABLE {COUNTS}", []),
        (f"ALTER TABLE {NEXT} RENAME TO {COUNTS}", []),
        (f"ALTER TABLE {COUNTS} RENAME CONSTRAINT {NEXT}_pkey TO {COUNTS}_pkey", []),
        (f"ALTER TABLE {COUNTS} RENAME CONSTRAINT {NEXT}_key TO {DashboardCount._meta.constraints[0].name}", []),
        (f"ALTER INDEX {NEXT}_team RENAME TO {DashboardCount._meta.indexes[0].name}", []),
    ])


def dashboard_rollups_refresh(*, now: dt.datetime | None = None) -> dict | None:
    """Bring the roll-ups up to `now`: the days that ended, past days written to, books that changed.

    None when another refresh holds the lock (it will do the same work). With no roll-ups yet,
    a rebuild.
    """
    now = now or timezone.now()
    if not rollups_supported():
        return {"rows": 0, "skipped": "the roll-ups need PostgreSQL"}
    if not DashboardRollupState.objects.exists():
        return dashboard_rollups_rebuild(now=now)  # on its own connections, outside any transaction of ours
    with transaction.atomic():
        if not _lock(wait=False):
            return None
        state = DashboardRollupState.objects.select_for_update().first()
        if state is None:
            return dashboard_rollups_rebuild(now=now)
        _jit_off()
        today = now.astimezone(dt.UTC).date()
        since = state.refreshed_at - SETTLE
        changes = list(DashboardChange.objects.order_by("pk").values_list("pk", "family", "day", "candidate_id",
                                                                             "owner_id", "tier"))
        first_new = min(since, state.rolled_until).astimezone(dt.UTC).date()
        days = _days_to_recompute(changes, first_new=first_new, today=today)
        _regroup(changes, days, rolled_until=state.rolled_until)
        for family, family_days in days.items():
            DashboardCount.objects.filter(figure__in=_figures(family), day__in=family_days).delete()
            _execute(EVENT_SQL[family](_event_ranges(family, family_days, now)))
        owners = {owner for _, family, _, _, owner, _ in changes if owner}
        if owners:
            _current_recompute(sorted(owners))
        DashboardChange.objects.filter(pk__in=[change[0] for change in changes]).delete()
        state.rolled_until = state.refreshed_at = now
        state.save(update_fields=["rolled_until", "refreshed_at"])
    if len(changes) > VACUUM_AFTER_CHANGES and not connection.in_atomic_block:
        # Many rows rewritten: mark their pages all-visible again, so the team table reads the index alone.
        _execute([(f"VACUUM (ANALYZE) {COUNTS}", [])])
    return {"days": sum(len(d) for d in days.values()), "owners": len(owners), "changes": len(changes)}


def _current_recompute(owners: list[int]) -> None:
    """These books' current figures from the source tables, then the team's sums of every book."""
    DashboardCount.objects.filter(figure__in=_figures(Family.CURRENT), owner_id__in=owners).delete()
    _execute(rollup_sql.current(owners))
    sums = [figure.value for figure in rollup_sql.TEAM_SUMS]
    DashboardCount.objects.filter(Q(owner_id=0) | Q(figure=Figure.STAGES, tier=0), figure__in=sums).delete()
    _execute(rollup_sql.current_team_sums())


# The builders that read a family's events; a regrouped candidate's rows come from each.
DELTA_BUILDERS = {
    Family.TOUCHES: (rollup_sql.touches_by_owner, rollup_sql.touches_by_kind),
    Family.STAGE_CHANGES: (rollup_sql.stage_changes,),
    Family.FEEDBACK: (rollup_sql.feedback,),
    Family.INTERVIEWS: (rollup_sql.interviews,),
}
CANDIDATES_JOIN = f"JOIN {rollup_sql.CANDIDATES} c ON"


def _regroup(changes, days: dict, *, rolled_until: dt.datetime) -> None:
    """Move each regrouped candidate's stored history from the owner and tier it was counted under to
    their current ones: their rows computed both ways from their own events (a few hundred rows),
    the difference added in. Days recomputed whole this time are left to that."""
    before: dict[int, tuple[int, int]] = {}
    for _, family, _, candidate_id, owner_id, tier in changes:
        if family == Family.REGROUP and candidate_id not in before:
            before[candidate_id] = (owner_id, tier)  # the earliest: what the stored rows counted them as
    now = {pk: (owner, tier) for pk, owner, tier in
           Candidate.objects.filter(pk__in=before).values_list("pk", "owner_id", "tier")}
    moved = {pk: group for pk, group in before.items() if pk in now and now[pk] != group}
    if not moved:
        return
    values = ", ".join(["(%s, %s, %s)"] * len(moved))
    _execute([
        ("DROP TABLE IF EXISTS regroup_old, regroup_new, delta_old, delta_new", []),
        ("CREATE TEMP TABLE regroup_old (id integer, owner_id integer, tier smallint) ON COMMIT DROP", []),
        (f"INSERT INTO regroup_old VALUES {values}",  # noqa: S608 - placeholders only
         [v for pk, (o, t) in moved.items() for v in (pk, o, t)]),
        (f"CREATE TEMP TABLE regroup_new ON COMMIT DROP AS SELECT id, owner_id, tier "  # noqa: S608 - a model's table
         f"FROM {rollup_sql.CANDIDATES} WHERE id = ANY(%s)", [list(moved)]),
        *[(f"CREATE TEMP TABLE {name} (LIKE {COUNTS} INCLUDING DEFAULTS INCLUDING IDENTITY) ON COMMIT DROP", [])
          for name in ("delta_old", "delta_new")],
    ])
    for family, builders in DELTA_BUILDERS.items():
        ranges = _outside(days[family], rolled_until, dated=family == Family.INTERVIEWS)
        for build in builders:
            statements = build(ranges, list(moved))
            for groups, into in (("regroup_old", "delta_old"), ("regroup_new", "delta_new")):
                _execute([(sql.replace(CANDIDATES_JOIN, f"JOIN {groups} c ON").replace(COUNTS, into), params)
                          for sql, params in statements])
    _execute(rollup_sql.delta_merge("delta_new", "delta_old"))


def _outside(dirty: set[dt.date], rolled_until: dt.datetime, *, dated: bool) -> list[tuple]:
    """What the stored rows hold, less the days recomputed whole: [low, high) instants, or dates."""
    end = rolled_until.astimezone(dt.UTC).date() if dated else rolled_until
    low = EARLIEST.date() if dated else EARLIEST
    ranges = []
    for first, after in _day_runs(dirty):
        first_at, after_at = (first, after) if dated else (utc_midnight(first), utc_midnight(after))
        if first_at >= end:
            break
        if low < first_at:
            ranges.append((low, first_at))
        low = after_at
    if low < end:
        ranges.append((low, end))
    return ranges


def _days_to_recompute(changes, *, first_new: dt.date, today: dt.date) -> dict[Family, set[dt.date]]:
    """Per event family: today so far, the days since the last refresh (or not yet settled), past days written to."""
    new_days = {first_new + dt.timedelta(days=i) for i in range((today - first_new).days + 1)}
    days = {family: set(new_days) for family in EVENT_SQL}
    chained: dict[Family, list[tuple[int, dt.date]]] = {family: [] for family in CHAINED}
    for _, family, day, candidate_id, _, _ in changes:
        family = Family(family)
        if family in days and day is not None and day < today:
            days[family].add(day)
            if family in chained and candidate_id:
                chained[family].append((candidate_id, day))
    # A day added or removed changes the "previous day" of the candidate's next one.
    for family, pairs in chained.items():
        days[family] |= {day for day in _next_days(family, pairs) if day and day < today}
    return days


def _next_days(family: Family, pairs: list[tuple[int, dt.date]]) -> list[dt.date]:
    if not pairs:
        return []
    if family == Family.INTERVIEWS:
        day_sql = (f"SELECT MIN(e.occurred_on) FROM {Interview._meta.db_table} e "  # noqa: S608 - names from models
                   "WHERE e.candidate_id = v.candidate AND e.occurred_on > v.day")
    else:
        day_sql = (f"SELECT MIN({rollup_sql.utc_day('e.changed_at')}) FROM {StageChange._meta.db_table} e "  # noqa: S608
                   "WHERE e.candidate_id = v.candidate "
                   f"AND e.changed_at >= ((v.day + 1)::timestamp AT TIME ZONE 'UTC') AND {rollup_sql.FORWARD}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ({day_sql}) FROM unnest(%s::int[], %s::date[]) AS v(candidate, day)",  # noqa: S608 - see above
            [[pk for pk, _ in pairs], [day for _, day in pairs]],
        )
        return [row[0] for row in cursor.fetchall()]


def _jit_off() -> None:
    """PostgreSQL's JIT spends longer compiling these wide aggregates than running them."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")

