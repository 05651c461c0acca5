"""The digest sweep moves from hourly to every 2 minutes on installs that kept the old schedule.

Loading the beat schedule is additive (an admin's edits win), so an existing install would keep
the hourly sweep from before. This moves it only where it still has the old, unedited crontab.
"""
from django.db import migrations

OLD_MINUTE, NEW_MINUTE = "30", "1-59/2"


def forwards(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    task = PeriodicTask.objects.filter(name="Sweep stuck digests", crontab__minute=OLD_MINUTE,
                                       crontab__hour="*").first()
    if task is None:
        return
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute=NEW_MINUTE, hour="*", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    task.crontab = crontab
    task.expire_seconds = 110
    task.save(update_fields=["crontab", "expire_seconds"])


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0006_schedule_owner_tier"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
