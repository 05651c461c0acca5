"""Exactly one beat publishes: a second beat started by mistake stands by, and the admin shows it."""
import time

import pytest
from celery.beat import EmbeddedService
from celery.signals import task_postrun
from django.db import connection, connections
from django.urls import reverse
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from nurture.celery import app
from outreach.models import SchedulerHeartbeat
from outreach.single_beat import LEADER, STANDBY, BeatLock, beat_holder

from .workers import in_process_worker, require, require_redis, wait_for

RUN_SECONDS = 6


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        require("the single-beat lock is a PostgreSQL advisory lock; this run uses " + connection.vendor)


def test_one_lock_holder_at_a_time_and_the_next_takes_over(db, postgresql):
    first, second = BeatLock(), BeatLock()
    try:
        assert first.held()
        assert not second.held()
        assert first.held()  # still ours on the next tick
        first.release()  # the leader stops
        assert second.held()
        assert not first.held()
    finally:
        first.release()
        second.release()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_second_beat_publishes_nothing_and_the_admin_says_so(postgresql, admin_client):
    require_redis()
    PeriodicTask.objects.update(enabled=False)
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(name="Heartbeat every second", task="outreach.tasks.record_heartbeat",
                                interval=every_second)
    runs = []

    def count(sender=None, **kwargs):
        if sender is not None and sender.name == "outreach.tasks.record_heartbeat":
            runs.append(time.monotonic())

    task_postrun.connect(count, weak=False)
    beats = [EmbeddedService(app, thread=True, max_interval=1,
                             scheduler_cls="outreach.single_beat:SingleBeatScheduler") for _ in range(2)]
    try:
        with in_process_worker():
            for beat in beats:
                beat.start()
            assert wait_for(lambda: SchedulerHeartbeat.objects.filter(name=STANDBY).exists(), timeout=20)
            started = len(runs)
            time.sleep(RUN_SECONDS)
            during = len(runs) - started
    finally:
        for beat in beats:
            beat.stop()
        task_postrun.disconnect(count)
        connections.close_all()
    # One beat publishing once a second; two would publish about twice as often.
    assert 1 <= during <= RUN_SECONDS + 2, f"{during} runs in {RUN_SECONDS} s"
    rows = dict(SchedulerHeartbeat.objects.filter(name__in=[LEADER, STANDBY]).values_list("name", "holder"))
    assert rows == {LEADER: beat_holder(), STANDBY: beat_holder()}

    page = admin_client.get(reverse("admin:outreach_schedulerheartbeat_changelist")).content.decode()
    assert "A second beat is running and standing by (it publishes nothing)" in page
