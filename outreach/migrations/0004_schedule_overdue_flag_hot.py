"""Let the flag-overdue job write overdue_since without touching any index (HOT updates).

PostgreSQL can update a row in place on its own page, adding nothing to any index (a
"heap-only tuple" update), when no index mentions a column that changed and the page has
room for the new row version. The job only ever writes overdue_since, but it was indexed
(the partial index below, read by nothing but the job itself), and the table was filled to
the brim, so flagging 127,000 schedules at a million candidates wrote 127,000 new entries
into each of the table's 5 indexes.

- the overdue_since index goes: the job now finds flagged rows that must be cleared by
  walking the table in id order instead (see outreach/overdue.py);
- fillfactor 80 keeps a fifth of every page free for those in-place updates. It applies to
  pages written from now on; an existing table gets it at once with
  `VACUUM FULL outreach_checkinschedule` (rewrites the table and its indexes: seconds for a
  million schedules, with the table locked meanwhile), or gradually as rows are rewritten.

PostgreSQL only; on SQLite the fillfactor step is a no-op.
"""
from django.db import migrations

from nurture.migration_operations import PostgresOnlySQL

FILLFACTOR = 80


class Migration(migrations.Migration):

    dependencies = [
        ("outreach", "0003_schedule_list_sort_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="checkinschedule",
            name="schedule_overdue",
        ),
        PostgresOnlySQL(
            f"ALTER TABLE outreach_checkinschedule SET (fillfactor = {FILLFACTOR})",
            reverse_sql="ALTER TABLE outreach_checkinschedule RESET (fillfactor)",
        ),
    ]
