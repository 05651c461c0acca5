"""Dates people type stay in their window (candidates.dates), and stored ones outside it are mended.

The validators make every model form, the admin's included, refuse a date outside the
HAPPENED window. The data step mends what was stored before (candidates.date_repair
explains how a value is judged and what it becomes), column by column:

- got away on, career move started on: unknown (NULL) when before 1970; today when later;
- interview date: the day it was logged when before 1970; today when later;
- feedback shared at: when the scorecard was written when before 1970; now when later;
- stage changed at, career move recorded at: the nearest edge.

Each column is a few set-based UPDATEs (only the first few rows are read, for the log),
so it is quick on a large table; the log lists what changed. The history of candidates
is left as it was: it records what was typed, and a date (unlike a time) in year 1 can
still be read.
"""
import logging

from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import TruncDate
from django.utils import timezone

import candidates.dates
from candidates.date_repair import repair

logger = logging.getLogger(__name__)


def mend_dates_outside_the_window(apps, schema_editor) -> int:
    now = timezone.now()
    mended = sum([
        repair(apps, "candidates.Candidate", "got_away_on", window="happened", now=now, early=None,
               how="unknown before 1970, today after it"),
        repair(apps, "candidates.CareerUpdate", "started_on", window="happened", now=now, early=None,
               how="unknown before 1970, today after it"),
        repair(apps, "candidates.Interview", "occurred_on", window="happened", now=now,
               early=TruncDate("created_at"), how="the day it was logged before 1970, today after it"),
        repair(apps, "candidates.Feedback", "shared_at", window="happened", now=now, early=F("created_at"),
               how="when the scorecard was written before 1970, now after it"),
        repair(apps, "candidates.StageChange", "changed_at", window="happened", now=now),
        repair(apps, "candidates.CareerUpdate", "recorded_at", window="happened", now=now),
    ])
    if not mended:
        logger.info("Candidates: every stored date is inside its window; nothing to mend.")
    return mended


class Migration(migrations.Migration):

    dependencies = [
        ('candidates', '0005_list_sort_indexes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='candidate',
            name='got_away_on',
            field=models.DateField(blank=True, null=True, validators=[candidates.dates.validate_happened]),
        ),
        migrations.AlterField(
            model_name='careerupdate',
            name='recorded_at',
            field=models.DateTimeField(validators=[candidates.dates.validate_happened]),
        ),
        migrations.AlterField(
            model_name='careerupdate',
            name='started_on',
            field=models.DateField(blank=True, null=True, validators=[candidates.dates.validate_happened]),
        ),
        migrations.AlterField(
            model_name='feedback',
            name='shared_at',
            field=models.DateTimeField(blank=True, null=True, validators=[candidates.dates.validate_happened]),
        ),
        migrations.AlterField(
            model_name='historicalcandidate',
            name='got_away_on',
            field=models.DateField(blank=True, null=True, validators=[candidates.dates.validate_happened]),
        ),
        migrations.AlterField(
            model_name='interview',
            name='occurred_on',
            field=models.DateField(validators=[candidates.dates.validate_happened], verbose_name='Date'),
        ),
        migrations.AlterField(
            model_name='stagechange',
            name='changed_at',
            field=models.DateTimeField(validators=[candidates.dates.validate_happened]),
        ),
        migrations.RunPython(mend_dates_outside_the_window, migrations.RunPython.noop, elidable=False),
    ]
