"""The import's bulk writes on PostgreSQL: one INSERT per chunk per table, no model per row.

Building five Django model instances per row (candidate, history, schedule, stage, row log)
was most of a 100,000-row import's time. Here the candidates and the row log go in with
execute_values, and the candidates' audit-trail rows, schedules (the core's
schedules_create_for) and first stages are copied from them in SQL.
"""
from django.db import connection
from django.db.models import JSONField
from django.utils import timezone
from psycopg2.extras import Json, execute_values

from candidates.models import Candidate, StageChange
from outreach.services import schedules_create_for

PAGE = 1000


def _candidate_columns() -> list:
    return [f for f in Candidate._meta.concrete_fields if not f.primary_key]


def candidates_insert(*, owner_id: int, rows: list[dict], reason: str, user_id: int) -> list[int]:
    """Insert the candidates (field dicts) in order; their ids in the same order."""
    fields, now = _candidate_columns(), timezone.now()
    defaults = {f.attname: f.get_default() for f in fields}
    defaults.update(owner_id=owner_id, created_at=now, updated_at=now)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    # JSON columns (the skill tags) need the JSON adapter: a bare list would go in as an array.
    json_at = [index for index, f in enumerate(fields) if isinstance(f, JSONField)]
    values = [[row.get(f.attname, defaults[f.attname]) for f in fields] for row in rows]
    for value in values:
        for index in json_at:
            value[index] = Json(value[index])
    # wrap_database_errors: a refused row raises Django's IntegrityError, as the ORM would.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        ids = execute_values(
            # Table and column names come from the models; every value is a parameter.
            cursor.cursor, f"INSERT INTO {Candidate._meta.db_table} ({columns}) VALUES %s RETURNING id",  # noqa: S608
            values, page_size=PAGE, fetch=True)
    ids = [row[0] for row in ids]
    _history_copy(ids, reason=reason, user_id=user_id, at=now)
    schedules_create_for(candidate_ids=ids)
    _stages(ids, user_id=user_id, at=now)
    return ids


def _history_copy(ids: list[int], *, reason: str, user_id: int, at) -> None:
    history = Candidate.history.model
    tracked = [f.column for f in history._meta.concrete_fields if not f.column.startswith("history_")]
    quoted = ", ".join(connection.ops.quote_name(c) for c in tracked)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {history._meta.db_table} ({quoted}, history_date, history_change_reason, history_type,"  # noqa: S608
            f" history_user_id) SELECT {quoted}, %s, %s, '+', %s FROM {Candidate._meta.db_table}"
            " WHERE id = ANY(%s)", [at, reason, user_id, ids])


def _stages(ids: list[int], *, user_id: int, at) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {StageChange._meta.db_table} (candidate_id, from_stage, to_stage, changed_by_id,"  # noqa: S608
            f" changed_at) SELECT id, '', stage, %s, %s FROM {Candidate._meta.db_table} WHERE id = ANY(%s)",
            [user_id, at, ids])


def import_rows_insert(rows: list) -> None:
    """The row log of one chunk (ImportRow instances, not saved) in one INSERT."""
    if not rows:
        return
    table = rows[0]._meta.db_table
    values = [(row.run_id, row.row_number, row.action, row.reason, row.candidate_id, Json(row.previous))
              for row in rows]
    with connection.cursor() as cursor, connection.wrap_database_errors:
        execute_values(
            cursor.cursor,
            f"INSERT INTO {table} (run_id, row_number, action, reason, candidate_id, previous) VALUES %s",  # noqa: S608
            values, page_size=PAGE)
