"""Loads the generated rows: COPY on PostgreSQL, bulk_create elsewhere.

On PostgreSQL the whole load is one transaction. For large loads the secondary indexes and
foreign keys of the filled tables are dropped first and rebuilt at the end: one sort per
index and one join per foreign key cost a fraction of maintaining them row by row (GIN
trigram indexes especially), and because DDL is transactional a failed load leaves the
database exactly as it was.
"""
import datetime as dt
import io
import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Max

from candidates.choices import Role
from candidates.models import Candidate, Company, RecruiterProfile, company_key
from candidates.roles import GROUP_NAMES
from outreach.openings.models import Opening

from . import vocab
from .extras import extras_create, extras_remove
from .rows import COLUMNS, IdCounter, RowBuilder, Team, openings_build, openings_for

User = get_user_model()
GENERATED_PREFIX = "gen-"
CHUNK = 5_000
# 500 recruiters for a million candidates: the team grows with its data, so each
# recruiter's own lists (check-ins, digest) stay the size they are in real life.
CANDIDATES_PER_RECRUITER = 2_000


def recruiters_for(candidates: int) -> int:
    return max(2, candidates // CANDIDATES_PER_RECRUITER)


def real_data_exists() -> bool:
    """Anything a person entered: a candidate not made here, or a login without the generated prefix."""
    return (
        Candidate.objects.filter(is_generated=False).exists()
        or User.objects.exclude(username__startswith=GENERATED_PREFIX).exists()
    )


def generated_remove() -> None:
    if connection.vendor == "postgresql" and not real_data_exists():
        # Only generated rows exist, so emptying the tables is the same delete, minus hours of cascades.
        tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in COLUMNS)
        with connection.cursor() as cursor:
            # Deferred foreign-key checks still queued in this transaction would block TRUNCATE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        Candidate.objects.filter(is_generated=True).delete()
    # Openings and companies carry no flag: the generated ones are those of the generated team and
    # vocabulary, and a company stays while anyone real still works there.
    Opening.objects.filter(hiring_manager__username__startswith=GENERATED_PREFIX).delete()
    Company.objects.filter(key__in=[company_key(name) for name in vocab.COMPANIES],
                           career_updates__isnull=True).delete()
    extras_remove(prefix=GENERATED_PREFIX)
    User.objects.filter(username__startswith=GENERATED_PREFIX).delete()


def team_create(*, recruiters: int, managers: int, seed: int, password_hash: str) -> Team:
    """Generated logins: recruiters and managers with profiles, in their role groups."""
    made = {}
    for role, count, label in ((Role.RECRUITER, recruiters, "recruiter"), (Role.MANAGER, managers, "manager")):
        taken = set(User.objects.filter(username__startswith=f"{GENERATED_PREFIX}{label}-")
                    .values_list("username", flat=True))
        users = [
            User(username=name, email=f"{name}@example.com", first_name=vocab.FIRST_NAMES[(n * 7 + seed) % 120],
                 last_name=vocab.SURNAMES[(n * 13 + seed) % len(vocab.SURNAMES)], password=password_hash)
            for n in range(1, count + 1)
            if (name := f"{GENERATED_PREFIX}{label}-{n:04d}") not in taken
        ]
        User.objects.bulk_create(users)
        users = list(User.objects.filter(username__startswith=f"{GENERATED_PREFIX}{label}-").order_by("username"))
        RecruiterProfile.objects.bulk_create(
            [RecruiterProfile(user=u, timezone=vocab.TIMEZONES[u.pk % len(vocab.TIMEZONES)], digest_hour=7 + u.pk % 3)
             for u in users], ignore_conflicts=True,
        )
        Group.objects.get(name=GROUP_NAMES[role]).user_set.add(*users)
        made[role] = [u.pk for u in users]
    return Team(recruiter_ids=made[Role.RECRUITER], manager_ids=made[Role.MANAGER], companies=companies_create())


def companies_create() -> list[tuple[int, str]]:
    """The employers generated careers move to, as records (one per key); (id, name) in vocabulary order."""
    Company.objects.bulk_create([Company(name=name, key=company_key(name)) for name in vocab.COMPANIES],
                                ignore_conflicts=True)
    ids = dict(Company.objects.filter(key__in=[company_key(n) for n in vocab.COMPANIES]).values_list("key", "id"))
    return [(ids[company_key(name)], name) for name in vocab.COMPANIES]


def openings_create(*, candidates: int, team: Team, seed: int, now: dt.datetime) -> int:
    """The roles the generated team hires for: a handful per run, a few dozen per million candidates."""
    openings = openings_build(seed=seed, count=openings_for(candidates), now=now, team=team)
    Opening.objects.bulk_create([Opening(**values) for values in openings])
    return len(openings)


def rows_load(
    *, candidates: int, team: Team, seed: int, now: dt.datetime, defer_indexes: bool,
    progress: Callable[[str], None] = lambda message: None,
) -> dict[str, int]:
    """Generate and load `candidates` candidates with their history; returns rows per table."""
    ids = IdCounter({model: (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1 for model in COLUMNS})
    builder = RowBuilder(seed=seed, now=now, team=team, ids=ids)
    writer = _CopyWriter(now) if connection.vendor == "postgresql" else _OrmWriter()
    counts = {model._meta.db_table: 0 for model in COLUMNS}
    started = time.monotonic()
    with transaction.atomic():
        deferred = _indexes_drop() if defer_indexes and connection.vendor == "postgresql" else []
        for start in range(0, candidates, CHUNK):
            rows = builder.build(start, min(CHUNK, candidates - start))
            for model, table_rows in rows.items():
                writer.write(model, table_rows)
                counts[model._meta.db_table] += len(table_rows)
            done = start + len(rows[Candidate])
            if done % (CHUNK * 20) == 0 or done == candidates:
                progress(f"{done:,} candidates ({time.monotonic() - started:.0f} s)")
        writer.finish()
        if deferred:
            progress(f"rebuilding {len(deferred)} indexes and foreign keys")
            _indexes_restore(deferred)
        counts[Opening._meta.db_table] = openings_create(candidates=candidates, team=team, seed=seed, now=now)
        # The hand-made rows of every other page: a few whatever the size.
        counts["demo_hand-made rows"] = extras_create(recruiter_id=team.recruiter_ids[0],
                                                      manager_id=team.manager_ids[0], now=now)
    counts[Company._meta.db_table] = len(team.companies)
    return counts


def _text_columns(model, produced: list[tuple[str, str]], now: dt.datetime) -> tuple[list[str], str]:
    """Column names for COPY, and the text of any column this generator does not fill (its default)."""
    names = [model._meta.get_field(attname).column for attname, _ in produced]
    attnames = {attname for attname, _ in produced}
    extras, values = [], []
    for f in model._meta.concrete_fields:
        if f.attname in attnames:
            continue
        value = now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
        extras.append(f.column)
        if value is None:
            values.append(r"\N")
        elif isinstance(value, bool):
            values.append("t" if value else "f")
        elif isinstance(value, dt.datetime):
            values.append(value.isoformat())
        elif isinstance(value, list | dict):
            values.append(json.dumps(value))
        else:
            values.append(str(f.get_db_prep_save(value, connection)))
    return names + extras, "".join("\t" + v for v in values)


def _flag(value) -> str:
    return "t" if value else "f"


def _number(value) -> str:
    return r"\N" if value is None else str(value)


def _line_formatter(produced: list[tuple[str, str]], suffix: str, ts, date) -> Callable[[tuple], str]:
    """A function turning one row tuple into one COPY text line, compiled once per table.

    Millions of rows go through it, so it is a single f-string rather than a loop over
    converters. Only generated values reach it (no tabs, backslashes or newlines), which is
    why text needs no escaping.
    """
    parts = []
    for index, (_, kind) in enumerate(produced):
        parts.append({
            "i": f"{{row[{index}]}}", "s": f"{{row[{index}]}}", "n": f"{{number(row[{index}])}}",
            "j": f"{{dumps(row[{index}], ensure_ascii=False)}}",
            "b": f"{{flag(row[{index}])}}", "t": f"{{ts(row[{index}])}}", "d": f"{{date(row[{index}])}}",
        }[kind])
    source = "lambda row: f" + repr("\t".join(parts) + suffix.replace("{", "{{").replace("}", "}}") + "\n")
    return eval(source, {"ts": ts, "date": date, "flag": _flag, "number": _number, "dumps": json.dumps})  # noqa: S307 - source built above from column kinds only


class _CopyWriter:
    def __init__(self, now: dt.datetime):
        self._hours: dict[int, str] = {}
        self._dates: dict[int, str] = {}
        self._minsec = [f"{m:02d}:{s:02d}+00" for m in range(60) for s in range(60)]
        self._plans = {}
        self._now = now
        connection.ensure_connection()
        # The driver's connection, shared with the COPY thread: Django's handle is per thread.
        self._raw = connection.connection
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._pending = None

    def _ts(self, value):
        if value is None:
            return r"\N"
        hour, rest = divmod(value, 3600)
        text = self._hours.get(hour)
        if text is None:
            text = self._hours[hour] = dt.datetime.fromtimestamp(hour * 3600, dt.UTC).strftime("%Y-%m-%d %H:")
        return text + self._minsec[rest]

    def _date(self, value):
        if value is None:
            return r"\N"
        text = self._dates.get(value)
        if text is None:
            text = self._dates[value] = dt.date.fromordinal(value).isoformat()
        return text

    def _plan(self, model):
        if model not in self._plans:
            produced = COLUMNS[model]
            columns, suffix = _text_columns(model, produced, self._now)
            sql = "COPY {} ({}) FROM STDIN".format(
                connection.ops.quote_name(model._meta.db_table),
                ", ".join(connection.ops.quote_name(c) for c in columns),
            )
            self._plans[model] = (sql, _line_formatter(produced, suffix, self._ts, self._date))
        return self._plans[model]

    def write(self, model, rows: list[tuple]) -> None:
        if not rows:
            return
        sql, line = self._plan(model)
        text = "".join(map(line, rows))
        # The previous COPY runs in the background while this chunk was being formatted: two cores, both busy.
        self._wait()
        self._pending = self._pool.submit(self._raw.cursor().copy_expert, sql, io.StringIO(text))

    def _wait(self) -> None:
        if self._pending is not None:
            self._pending.result()
            self._pending = None

    def finish(self) -> None:
        self._wait()
        self._pool.shutdown()
        with connection.cursor() as cursor:
            for model in COLUMNS:
                table = model._meta.db_table
                quoted = connection.ops.quote_name(table)
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT MAX(id) FROM {quoted}), 1))",  # noqa: S608
                    [table],
                )


class _OrmWriter:
    """The portable path for small sizes (SQLite in a laptop test run)."""

    def write(self, model, rows: list[tuple]) -> None:
        produced = COLUMNS[model]
        objects = []
        for row in rows:
            values = {}
            for (attname, kind), value in zip(produced, row, strict=True):
                if kind == "t" and value is not None:
                    value = dt.datetime.fromtimestamp(value, dt.UTC)
                elif kind == "d" and value is not None:
                    value = dt.date.fromordinal(value)
                values[attname] = value
            objects.append(model(**values))
        model.objects.bulk_create(objects, batch_size=500)

    def finish(self) -> None:
        pass


def _indexes_drop() -> list[str]:
    """Drop the secondary indexes and foreign keys of the filled tables; returns the DDL to restore them."""
    tables = [model._meta.db_table for model in COLUMNS]
    restore: list[str] = []
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
               WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)""", [tables],
        )
        for table, name, definition in cursor.fetchall():
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            restore.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute(
            """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
               WHERE i.indrelid::regclass::text = ANY(%s)
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""", [tables],
        )
        indexes = cursor.fetchall()
        # Statistics targets set on index expressions (the trigram ones) are not part of
        # the index definition: without restoring them the search plans go wrong again.
        cursor.execute(
            """SELECT attrelid::regclass::text, attnum, attstattarget FROM pg_attribute
               WHERE attrelid::regclass::text = ANY(%s) AND attstattarget > 0""", [[name for name, _ in indexes]],
        )
        targets = [f"ALTER INDEX {name} ALTER COLUMN {attnum} SET STATISTICS {target}"
                   for name, attnum, target in cursor.fetchall()]
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
        # Indexes first, so the foreign-key checks at the end can use them.
        restore = [definition for _, definition in indexes] + targets + restore
    return restore


def _indexes_restore(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for statement in statements:
            cursor.execute(statement)


def analyze() -> None:
    """Fresh statistics and visibility map, so plans and index-only counts match a settled database."""
    if connection.vendor != "postgresql":
        return
    # VACUUM cannot run inside a transaction (a test's); ANALYZE alone can.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        for model in [*COLUMNS, User, RecruiterProfile, Company, Opening]:
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
