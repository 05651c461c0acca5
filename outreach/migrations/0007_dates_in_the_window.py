"""Dates people type stay in their window (candidates.dates): each field's validator refuses one outside it."""
import candidates.dates
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('outreach', '0006_schedule_owner_tier'),
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
    ]
