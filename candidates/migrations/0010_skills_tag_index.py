"""An index for "tagged with any of these skills, whatever the case" (segments, and their live count).

candidates.querysets.HasAnySkill asks PostgreSQL LOWER(skills::text)::jsonb ?| array[...]:
the tag list lower-cased as a whole. The index is on exactly that expression, so the planner
can use it (jsonb_ops serves ?|). PostgreSQL only; SQLite reads each list by scan.
"""
from django.db import migrations

from nurture.migration_operations import PostgresOnlySQL


class Migration(migrations.Migration):

    dependencies = [
        ("candidates", "0009_career_companies_and_start_dates"),
    ]

    operations = [
        PostgresOnlySQL(
            'CREATE INDEX IF NOT EXISTS candidate_skills_lower ON candidates_candidate '
            'USING gin ((LOWER("skills"::text)::jsonb))',
            reverse_sql="DROP INDEX IF EXISTS candidate_skills_lower",
        ),
    ]
