"""The signal job: one row per live re-approach signal, kept current hourly and incrementally.

A pass runs every rule (rules.py, plus those other apps register) into a temporary table,
then in three statements upserts what it found (a dismissed or acted-on signal stays as it
is), removes the live signals it looked for and did not find again, and drops expired news.

Incremental by default: a pass looks at the candidates that changed since the previous one
(their row, career, interviews, scorecards, and what other apps report) and at the openings
that changed; date rules and recent news are cheap index ranges and look at everyone. Once a
day, or when a bulk change touched too many candidates, a pass is full instead.
"""
import csv
import datetime as dt
import io
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from candidates.models import Candidate, CareerUpdate, Feedback, Interview
from outreach.openings.models import Opening
from outreach.signal_sources import FoundSignal, SignalScope, change_sources, signal_rules

from .choices import SignalState
from .models import Signal, SignalRun
from .rules import CHANGED, DAILY, EVERYONE, REAPPROACHABLE_STAGES, RULES

# A full pass at least this often, so nothing an incremental pass cannot see lingers.
FULL_EVERY = dt.timedelta(hours=24)
# Changes committed while the previous pass ran are looked at again: harmless, since passes are idempotent.
OVERLAP = dt.timedelta(minutes=5)
# More changed candidates than this (an import) and a full pass is quicker than a long IN list.
MAX_CHANGED = 50_000
# Two passes at once would fight over the same rows; the second one simply returns.
LOCK_KEY = 160_016
BATCH = 5000

# The SQL below names only these constant tables and columns; every value is a parameter.
FOUND_COLUMNS = ["candidate_id", "kind", "subject", "score", "reason", "opening_id", "expires_at"]
FOUND_TABLE = "signals_found"
CHANGED_TABLE = "signals_changed"
SIGNALS = Signal._meta.db_table
OPENINGS_TABLE = Opening._meta.db_table
CANDIDATES = Candidate._meta.db_table
LIVE = SignalState.LIVE.value


def changed_candidates(since: dt.datetime) -> set[int]:
    """Ids of candidates whose data changed after `since`: their row, career, interviews, scorecards."""
    ids = set(Candidate.objects.filter(updated_at__gt=since).values_list("pk", flat=True)[:MAX_CHANGED + 1])
    # A career update's recorded time is when it happened (typed), so a late entry is found by id order too.
    ids.update(CareerUpdate.objects.filter(recorded_at__gt=since).values_list("candidate_id", flat=True))
    ids.update(Interview.objects.filter(created_at__gt=since).values_list("candidate_id", flat=True))
    ids.update(Feedback.objects.filter(created_at__gt=since).values_list("interview__candidate_id", flat=True))
    for source in change_sources().values():
        ids.update(source(since))
        if len(ids) > MAX_CHANGED:
            break
    return ids


def _acquire_lock() -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
        return cursor.fetchone()[0]


class FoundTable:
    """The pass's temporary table of what the rules found (and, incrementally, who changed)."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.count = 0

    def create(self, changed: Iterable[int] | None) -> None:
        drop = "ON COMMIT DROP" if self.postgres else ""
        with connection.cursor() as cursor:
            for table in (FOUND_TABLE, CHANGED_TABLE):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {FOUND_TABLE} (candidate_id bigint NOT NULL, kind varchar(30) NOT NULL, "
                f"subject varchar(80) NOT NULL, score integer NOT NULL, reason varchar(300) NOT NULL, "
                f"opening_id bigint NULL, expires_at timestamp with time zone NULL) {drop}"
            )
            cursor.execute(f"CREATE TEMPORARY TABLE {CHANGED_TABLE} (candidate_id bigint PRIMARY KEY) {drop}")
            if changed:
                cursor.executemany(f"INSERT INTO {CHANGED_TABLE} (candidate_id) VALUES (%s)",  # noqa: S608
                                   [(pk,) for pk in changed])

    def add(self, found: Iterable[FoundSignal]) -> None:
        batch = []
        for signal in found:
            batch.append(signal)
            if len(batch) >= BATCH:
                self._write(batch)
                batch = []
        if batch:
            self._write(batch)

    def _write(self, batch: list[FoundSignal]) -> None:
        self.count += len(batch)
        with connection.cursor() as cursor:
            if self.postgres:
                buffer = io.StringIO()
                writer = csv.writer(buffer)
                for s in batch:
                    writer.writerow([s.candidate_id, s.kind, s.subject[:80], s.score, s.reason[:300],
                                     s.opening_id, s.expires_at.isoformat() if s.expires_at else None])
                buffer.seek(0)
                cursor.cursor.copy_expert(
                    f"COPY {FOUND_TABLE} ({', '.join(FOUND_COLUMNS)}) FROM STDIN WITH (FORMAT csv)", buffer
                )
            else:
                adapt = connection.ops.adapt_datetimefield_value
                cursor.executemany(
                    f"INSERT INTO {FOUND_TABLE} ({', '.join(FOUND_COLUMNS)}) VALUES (%s, %s, %s, %s, %s, %s, %s)",  # noqa: S608
                    [(s.candidate_id, s.kind, s.subject[:80], s.score, s.reason[:300], s.opening_id,
                      adapt(s.expires_at)) for s in batch],
                )

    def upsert(self, now: dt.datetime) -> int:
        """Store what was found: new signals go live, live ones take the new words; closed ones stay closed."""
        # Whatever a rule (ours or another app's) found, only people we are still winning back.
        stages = ", ".join(["%s"] * len(REAPPROACHABLE_STAGES))
        moment = connection.ops.adapt_datetimefield_value(now)
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE INDEX {FOUND_TABLE}_key ON {FOUND_TABLE} (candidate_id, kind, subject)")
            cursor.execute(
                f"""
                INSERT INTO {SIGNALS} (candidate_id, owner_id, kind, subject, score, reason, opening_id, state,
                                       detected_at, refreshed_at, expires_at)
                SELECT f.candidate_id, c.owner_id, f.kind, f.subject, MAX(f.score), MAX(f.reason), MAX(f.opening_id),
                       %s, %s, %s, MAX(f.expires_at)
                FROM {FOUND_TABLE} f JOIN {CANDIDATES} c ON c.id = f.candidate_id
                WHERE c.stage IN ({stages}) AND NOT c.do_not_contact
                GROUP BY f.candidate_id, c.owner_id, f.kind, f.subject
                ON CONFLICT (candidate_id, kind, subject) DO UPDATE SET
                    score = excluded.score, reason = excluded.reason, opening_id = excluded.opening_id,
                    expires_at = excluded.expires_at, refreshed_at = excluded.refreshed_at, owner_id = excluded.owner_id
                WHERE {SIGNALS}.state = %s AND ({SIGNALS}.score <> excluded.score
                    OR {SIGNALS}.reason <> excluded.reason OR {SIGNALS}.expires_at IS DISTINCT FROM excluded.expires_at
                    OR {SIGNALS}.owner_id IS DISTINCT FROM excluded.owner_id)
                """,  # noqa: S608
                [LIVE, moment, moment, *REAPPROACHABLE_STAGES, LIVE],
            )
            cursor.execute(f"SELECT COUNT(*) FROM (SELECT DISTINCT candidate_id, kind, subject FROM {FOUND_TABLE}) f")  # noqa: S608
            return cursor.fetchone()[0]

    def remove_unfound(self, *, kinds: list[str], recheck: str, scope: SignalScope) -> int:
        """Delete the live signals of `kinds` this pass looked for and did not find again."""
        if not kinds or (recheck == DAILY and not scope.full):
            return 0
        marks = ", ".join(["%s"] * len(kinds))
        unfound = (
            f"DELETE FROM {SIGNALS} WHERE state = %s AND kind IN ({marks}) {{where}} "  # noqa: S608
            f"AND NOT EXISTS (SELECT 1 FROM {FOUND_TABLE} f WHERE f.candidate_id = {SIGNALS}.candidate_id "
            f"AND f.kind = {SIGNALS}.kind AND f.subject = {SIGNALS}.subject)"
        )
        # Each condition its own statement, so each is one index range (a candidate's, an opening's).
        wheres: list[tuple[str, list]] = []
        if scope.full or recheck == EVERYONE:
            wheres.append(("", []))
        else:
            since = connection.ops.adapt_datetimefield_value(scope.since)
            if recheck == CHANGED:
                wheres.append((f"AND candidate_id IN (SELECT candidate_id FROM {CHANGED_TABLE})", []))  # noqa: S608
            wheres.append((f"AND opening_id IN (SELECT id FROM {OPENINGS_TABLE} "  # noqa: S608
                           f"WHERE updated_at > %s OR status <> 'open')", [since]))
        removed = 0
        with connection.cursor() as cursor:
            for where, params in wheres:
                cursor.execute(unfound.format(where=where), [LIVE, *kinds, *params])
                removed += cursor.rowcount
        return removed

    def drop(self) -> None:
        if not self.postgres:
            with connection.cursor() as cursor:
                for table in (FOUND_TABLE, CHANGED_TABLE):
                    cursor.execute(f"DROP TABLE IF EXISTS {table}")


def _scope(*, now: dt.datetime, full: bool) -> SignalScope:
    today = timezone.localdate(now, timezone.get_default_timezone())
    previous = SignalRun.objects.filter(finished_at__isnull=False).order_by("-started_at").first()
    last_full = SignalRun.objects.filter(finished_at__isnull=False, full=True).order_by("-started_at").first()
    if full or previous is None or last_full is None or last_full.started_at <= now - FULL_EVERY:
        return SignalScope(now=now, today=today, since=None, changed_candidate_ids=None)
    since = previous.started_at - OVERLAP
    changed = changed_candidates(since)
    if len(changed) > MAX_CHANGED:
        return SignalScope(now=now, today=today, since=None, changed_candidate_ids=None)
    return SignalScope(now=now, today=today, since=since, changed_candidate_ids=frozenset(changed))


@transaction.atomic
def signals_refresh(*, now: dt.datetime | None = None, full: bool = False) -> SignalRun | None:
    """One pass of the signal job; None when another pass holds the lock. Safe to run again."""
    now = now or timezone.now()
    if not _acquire_lock():
        return None
    scope = _scope(now=now, full=full)
    table = FoundTable()
    table.create(scope.changed_candidate_ids)
    plan = [(rule, kinds, recheck) for rule, kinds, recheck in RULES.values()]
    plan += [(rule, kinds, EVERYONE) for rule, kinds in signal_rules().values()]
    for rule, _kinds, recheck in plan:
        if recheck == DAILY and not scope.full:
            continue
        table.add(rule(scope=scope))
    found = table.upsert(now)
    removed = sum(table.remove_unfound(kinds=[str(k) for k in kinds], recheck=recheck, scope=scope)
                  for _rule, kinds, recheck in plan)
    news = [str(kind) for _rule, kinds, _recheck in plan for kind in kinds]
    removed += Signal.objects.filter(state=SignalState.LIVE, kind__in=news, expires_at__lte=now).delete()[0]
    table.drop()
    return SignalRun.objects.create(started_at=now, finished_at=timezone.now(), full=scope.full,
                                    since=scope.since, found=found, removed=removed)

