"""The periodic jobs: loaded into the database scheduler as crontabs, each a task that exists and runs."""
import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from candidates.tests.factories import CandidateFactory
from outreach import tasks
from outreach.beat_schedule import JOBS, beat_schedule_load

pytestmark = pytest.mark.django_db
LONG_AGO = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
A_FRIDAY_MORNING = dt.datetime(2026, 3, 6, 8, 0, tzinfo=dt.UTC)


def test_migrate_loaded_the_periodic_jobs_as_crontabs():
    tasks_by_name = {t.name: t for t in PeriodicTask.objects.select_related("crontab")}
    for name, job in JOBS.items():
        task = tasks_by_name[name]
        assert task.task == job["task"] and task.enabled and task.interval is None
        assert task.crontab.minute == job["crontab"]["minute"]
        assert task.expire_seconds == job["expire_seconds"]
    assert tasks_by_name["Flag overdue check-ins"].crontab.minute == "*/15"


def test_loading_again_keeps_admin_changes_unless_reset():
    task = PeriodicTask.objects.get(name="Queue daily digests")
    task.enabled = False
    task.save()
    assert beat_schedule_load() == []
    assert PeriodicTask.objects.get(name="Queue daily digests").enabled is False
    call_command("load_beat_schedule", "--reset")
    assert PeriodicTask.objects.get(name="Queue daily digests").enabled is True


def test_every_scheduled_task_exists():
    from celery import current_app

    current_app.loader.import_default_modules()
    assert {job["task"] for job in JOBS.values()} <= set(current_app.tasks)


def test_flag_overdue_and_heartbeat_tasks_call_their_services(recruiter):
    with time_machine.travel(LONG_AGO, tick=False):
        CandidateFactory(owner=recruiter)
    with time_machine.travel(A_FRIDAY_MORNING, tick=False):
        assert tasks.flag_overdue.delay().get() == {"flagged": 1, "cleared": 0}
        tasks.record_heartbeat.delay()
    from outreach.heartbeat import heartbeat_last

    assert heartbeat_last() == A_FRIDAY_MORNING


def test_the_digest_sweep_runs_every_two_minutes_so_an_outage_is_recovered_in_minutes():
    sweep = PeriodicTask.objects.select_related("crontab").get(name="Sweep stuck digests")
    assert sweep.crontab.minute == "1-59/2" and sweep.crontab.hour == "*"
    assert sweep.expire_seconds < 120


def test_an_install_with_the_old_hourly_sweep_is_moved_to_every_two_minutes():
    import importlib

    from django.apps import apps as global_apps
    from django_celery_beat.models import CrontabSchedule

    migration = importlib.import_module("outreach.migrations.0007_sweep_digests_every_two_minutes")
    sweep = PeriodicTask.objects.get(name="Sweep stuck digests")
    sweep.crontab, _ = CrontabSchedule.objects.get_or_create(minute="30", hour="*", timezone="UTC")
    sweep.save()
    migration.forwards(global_apps, None)
    sweep.refresh_from_db()
    assert sweep.crontab.minute == "1-59/2"
    # An admin's own choice is left alone.
    sweep.crontab, _ = CrontabSchedule.objects.get_or_create(minute="45", hour="*/3", timezone="UTC")
    sweep.save()
    migration.forwards(global_apps, None)
    sweep.refresh_from_db()
    assert (sweep.crontab.minute, sweep.crontab.hour) == ("45", "*/3")
