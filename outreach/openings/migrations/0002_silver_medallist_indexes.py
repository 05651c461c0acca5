"""Partial indexes for an opening's silver medallists (outreach/openings/silver.py), PostgreSQL only.

The query starts from the final rounds (a small share of interviews) and keeps those with a Yes
or Strong yes, so each half is one small partial index, joined by interview id without touching
either table. Then each one's candidate is looked up in an index of the candidates we may write
to, holding their skills: an index-only probe, never the wide candidate row. Its predicate is
written as the query's condition (`stage <> ALL (...)`) so PostgreSQL can tell the index covers
it. SQLite finds them by scan: a laptop's data.
"""
from django.db import migrations

from nurture.migration_operations import PostgresOnlySQL


class Migration(migrations.Migration):

    dependencies = [
        ("openings", "0001_initial"),
        ("candidates", "0008_skills_as_tags"),
    ]

    operations = [
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS interview_final_candidate ON candidates_interview (candidate_id, occurred_on) "
            "WHERE stage = 'final'",
            reverse_sql="DROP INDEX IF EXISTS interview_final_candidate",
        ),
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS feedback_yes_interview ON candidates_feedback (interview_id, recommendation) "
            "WHERE recommendation >= 4",
            reverse_sql="DROP INDEX IF EXISTS feedback_yes_interview",
        ),
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS candidate_reachable_skills ON candidates_candidate (id) INCLUDE (skills) "
            "WHERE NOT do_not_contact AND stage <> ALL ('{not_interested,do_not_contact}'::text[])",
            reverse_sql="DROP INDEX IF EXISTS candidate_reachable_skills",
        ),
    ]
