"""Career updates recorded before companies were records: each gets its company and a start date.

- Every distinct company typed on a career update becomes one Company, by its spelling-blind
  key ("ACME  corp" and "Acme Corp" are one), named as it was most often spelt; a company
  already on record stays as it is.
- Each career update without an employer points at its company.
- A career update without a start date starts on the day it was recorded: the best guess we
  have, and anniversaries need a date.

The distinct names are read once and keyed in Python (the same key the app computes, so a
company typed later finds its record); the writes are one INSERT and two UPDATEs on
PostgreSQL, and per distinct name on SQLite. Going back leaves the rows as they are.
"""
from collections import Counter

from django.db import migrations
from django.utils import timezone

CAREER = "candidates_careerupdate"
COMPANY = "candidates_company"


def company_key(name: str) -> str:
    # As candidates.models.company_key is today; a migration keeps its own copy.
    return " ".join(name.split()).casefold()


def most_common_spellings(typed: list[tuple[str, int]]) -> dict[str, str]:
    """{key: the spelling used most often (the first alphabetically on a tie)}, from (as typed, how often)."""
    spellings: dict[str, Counter] = {}
    for company, count in typed:
        spellings.setdefault(company_key(company), Counter())[" ".join(company.split())] += count
    return {key: min(counts, key=lambda name: (-counts[name], name)) for key, counts in spellings.items()}


def backfill(apps, schema_editor):
    connection = schema_editor.connection
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT company, COUNT(*) FROM {CAREER} WHERE employer_id IS NULL GROUP BY company")  # noqa: S608
        typed = [(company, count) for company, count in cursor.fetchall() if company_key(company or "")]
        names = most_common_spellings(typed)
        keys = list(names)
        spelt = [company for company, _ in typed]
        if connection.vendor == "postgresql":
            cursor.execute(
                f"""INSERT INTO {COMPANY} (name, key, created_at)
                    SELECT name, key, %s FROM unnest(%s::text[], %s::text[]) AS new(name, key)
                    ON CONFLICT (key) DO NOTHING""",  # noqa: S608
                [now, [names[key] for key in keys], keys],
            )
            # Every spelling of a company, joined to its record by the key computed above.
            cursor.execute(
                f"""UPDATE {CAREER} AS career SET employer_id = company.id
                    FROM unnest(%s::text[], %s::text[]) AS typed(company, key)
                    JOIN {COMPANY} AS company ON company.key = typed.key
                    WHERE career.company = typed.company AND career.employer_id IS NULL""",  # noqa: S608
                [spelt, [company_key(company) for company in spelt]],
            )
            cursor.execute(
                f"UPDATE {CAREER} SET started_on = (recorded_at AT TIME ZONE %s)::date WHERE started_on IS NULL",  # noqa: S608
                [timezone.get_default_timezone_name()],
            )
            return
        # SQLite: the same steps, a statement per distinct name (a laptop's data set).
        cursor.executemany(
            f"INSERT INTO {COMPANY} (name, key, created_at) VALUES (%s, %s, %s) ON CONFLICT (key) DO NOTHING",  # noqa: S608
            [(names[key], key, now) for key in keys],
        )
        cursor.execute(f"SELECT key, id FROM {COMPANY}")  # noqa: S608
        ids = dict(cursor.fetchall())
        cursor.executemany(
            f"UPDATE {CAREER} SET employer_id = %s WHERE company = %s AND employer_id IS NULL",  # noqa: S608
            [(ids[company_key(company)], company) for company in spelt],
        )
        # Stored in UTC, the default timezone of this project: the date part is the recorded day.
        cursor.execute(f"UPDATE {CAREER} SET started_on = date(recorded_at) WHERE started_on IS NULL")  # noqa: S608


class Migration(migrations.Migration):

    dependencies = [
        ("candidates", "0008_skills_as_tags"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
