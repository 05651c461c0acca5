"""Skills become tags: "Python, Django" -> ["Python", "Django"], on the candidate and in its history.

PostgreSQL converts each table in one ALTER (one rewrite, no row-by-row pass); SQLite, with no
array functions, rewrites the values in Python first and then lets Django rebuild the table.
"""
import json

from django.db import migrations, models

from nurture.migration_operations import PostgresOnlySQL

TABLES = ["candidates_candidate", "candidates_historicalcandidate"]
# Whitespace runs become one space, spaces around commas go, then empty pieces are dropped.
AS_TAGS = r"""
ALTER TABLE {table} ALTER COLUMN skills TYPE jsonb USING to_jsonb(array_remove(string_to_array(
    regexp_replace(regexp_replace(btrim(regexp_replace(skills, '\s+', ' ', 'g')), ' ?, ?', ',', 'g'), ',+', ',', 'g'),
    ','), ''))
"""
# Back: '["Go", "SQL"]' -> 'Go, SQL' (a tag holding a quote or bracket loses it; a transform takes no subquery).
AS_TEXT = """
ALTER TABLE {table} ALTER COLUMN skills TYPE varchar(500) USING left(translate(skills::text, '[]"', ''), 500)
"""


def _split(text: str) -> list[str]:
    tags, seen = [], set()
    for piece in (text or "").split(","):
        tag = " ".join(piece.split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags


def sqlite_to_tags(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            pk = "history_id" if "historical" in table else "id"
            cursor.execute(f"SELECT {pk}, skills FROM {table}")
            rows = [(json.dumps(_split(text)), key) for key, text in cursor.fetchall()]
            cursor.executemany(f"UPDATE {table} SET skills = %s WHERE {pk} = %s", rows)


def sqlite_to_text(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            pk = "history_id" if "historical" in table else "id"
            cursor.execute(f"SELECT {pk}, skills FROM {table}")
            rows = [(", ".join(json.loads(value or "[]"))[:500], key) for key, value in cursor.fetchall()]
            cursor.executemany(f"UPDATE {table} SET skills = %s WHERE {pk} = %s", rows)


class AlterFieldExceptOnPostgres(migrations.AlterField):
    """PostgreSQL's column was already converted by the SQL above; elsewhere Django alters it."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):

    dependencies = [
        ('candidates', '0007_reapproach_fields_and_companies'),
    ]

    operations = [
        *(PostgresOnlySQL(AS_TAGS.format(table=table), AS_TEXT.format(table=table)) for table in TABLES),
        migrations.RunPython(sqlite_to_tags, sqlite_to_text),
        AlterFieldExceptOnPostgres(
            model_name='candidate',
            name='skills',
            field=models.JSONField(blank=True, default=list),
        ),
        AlterFieldExceptOnPostgres(
            model_name='historicalcandidate',
            name='skills',
            field=models.JSONField(blank=True, default=list),
        ),
    ]
