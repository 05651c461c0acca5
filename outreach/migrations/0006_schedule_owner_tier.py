"""Copy each candidate's owner and tier onto its check-in schedule, and index them.

One recruiter's due list, and one tier's longest overdue, were joins: the planner found
the recruiter's candidates (or walked every due schedule) and probed the other table row
by row, rows scattered over a million. With the copies, both are one index range on
the schedule table (CheckInSchedule.owner explains the indexes).

The steps keep a large table quick to migrate:
- the columns are added empty, with no foreign key yet, so adding them rewrites nothing;
- one set-based UPDATE fills them from the candidate table (a single join, no per-row
  queries or foreign-key checks);
- then NOT NULL and the foreign key, each validated in one pass, and the two indexes.

Measured on the benchmark's 1,000,000 schedules (2 cores, busy machine): the UPDATE takes
29 s, the whole migration 33 s, in one transaction that holds the table locked throughout
(check-in pages wait): deploy it at a quiet moment. Rewriting every row leaves the old
versions behind and every index at twice its size (the table with its indexes went from
315 to 734 MB); `VACUUM FULL ANALYZE outreach_checkinschedule` afterwards compacts it to
402 MB in about 5 s (the table locked meanwhile) and gives the planner the new columns'
statistics. A plain `VACUUM ANALYZE` (2 s, no lock) does the latter and lets the space be
reused, without shrinking.
"""
from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion

import candidates.choices


def copy_from_candidates(apps, schema_editor) -> None:
    """Set every schedule's owner and tier to its candidate's (PostgreSQL and SQLite alike)."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    schedule = quote(apps.get_model("outreach", "CheckInSchedule")._meta.db_table)
    candidate = quote(apps.get_model("candidates", "Candidate")._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {schedule} SET owner_id = c.owner_id, tier = c.tier "
            f"FROM {candidate} AS c WHERE c.id = {schedule}.candidate_id"
        )


class Migration(migrations.Migration):

    dependencies = [
        ("candidates", "0001_initial"),
        ("outreach", "0005_dashboard_snapshot"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="checkinschedule",
            name="owner",
            field=models.ForeignKey(
                db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                related_name="+", to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="checkinschedule",
            name="tier",
            field=models.PositiveSmallIntegerField(choices=candidates.choices.Tier.choices, null=True),
        ),
        migrations.RunPython(copy_from_candidates, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="checkinschedule",
            name="owner",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="checkinschedule",
            name="tier",
            field=models.PositiveSmallIntegerField(choices=candidates.choices.Tier.choices),
        ),
        migrations.AddIndex(
            model_name="checkinschedule",
            index=models.Index(fields=["owner", "tier", "next_due_at", "id"], name="schedule_owner_checkin"),
        ),
        migrations.AddIndex(
            model_name="checkinschedule",
            index=models.Index(
                condition=models.Q(paused=False), fields=["tier", "next_due_at", "id"],
                name="schedule_active_tier_due",
            ),
        ),
    ]
