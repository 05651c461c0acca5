"""Dates people type stay in their window (candidates.dates), and stored ones outside it are mended.

The validators make the admin refuse a touch point, last touch or overdue flag outside the
HAPPENED window (the admin's schedule form checks the plans). The data step mends what was
stored before (candidates.date_repair explains how a value is judged and what it becomes):

- touch point occurred at: when it was logged;
- a schedule's last touch: the latest of its (mended) touch points, or none;
- next check-in due: now when before 1970 (the broken plan comes up at once, and the
  next touch logged plans again), the furthest plan allowed when too far ahead;
- snoozed until: not snoozed when before 1970, the furthest plan allowed when too far ahead;
- overdue since: cleared, so the flag-overdue job sets it again from the mended due date.

Each column is a few set-based UPDATEs (only the first few rows are read, for the log),
so it is quick on a large table; the log lists what changed.
"""
import logging

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

import candidates.dates
from candidates.date_repair import repair

logger = logging.getLogger(__name__)


def mend_dates_outside_the_window(apps, schema_editor) -> int:
    now = timezone.now()
    touches = apps.get_model("outreach", "TouchPoint")._base_manager
    latest_touch = Subquery(
        touches.filter(candidate_id=OuterRef("candidate_id")).order_by("-occurred_at").values("occurred_at")[:1]
    )
    mended = sum([
        # Touch points first: the schedules' last touch is read from them.
        repair(apps, "outreach.TouchPoint", "occurred_at", window="happened", now=now,
               early=F("created_at"), late=F("created_at"), how="when it was logged"),
        repair(apps, "outreach.CheckInSchedule", "last_touch_at", window="happened", now=now,
               early=latest_touch, late=latest_touch, how="the latest touch point's time"),
        repair(apps, "outreach.CheckInSchedule", "next_due_at", window="planned", now=now,
               how="now before 1970, the furthest plan allowed after it"),
        repair(apps, "outreach.CheckInSchedule", "snoozed_until", window="planned", now=now, early=None,
               how="not snoozed before 1970, the furthest plan allowed after it"),
        repair(apps, "outreach.CheckInSchedule", "overdue_since", window="happened", now=now, early=None,
               late=None, how="not flagged (the flag-overdue job sets it again)"),
    ])
    if not mended:
        logger.info("Outreach: every stored date is inside its window; nothing to mend.")
    return mended


class Migration(migrations.Migration):

    dependencies = [
        ('candidates', '0006_dates_in_the_window'),
        ('outreach', '0007_sweep_digests_every_two_minutes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='checkinschedule',
            name='last_touch_at',
            field=models.DateTimeField(blank=True, null=True, validators=[candidates.dates.validate_happened]),
        ),
        migrations.AlterField(
            model_name='checkinschedule',
            name='overdue_since',
            field=models.DateTimeField(blank=True, null=True, validators=[candidates.dates.validate_happened]),
        ),
        migrations.AlterField(
            model_name='touchpoint',
            name='occurred_at',
            field=models.DateTimeField(validators=[candidates.dates.validate_happened]),
        ),
        migrations.RunPython(mend_dates_outside_the_window, migrations.RunPython.noop, elidable=False),
    ]
