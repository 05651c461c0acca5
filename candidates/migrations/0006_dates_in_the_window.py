"""Dates people type stay in their window (candidates.dates): each field's validator refuses one outside it."""
import candidates.dates
from django.db import migrations, models


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
    ]
