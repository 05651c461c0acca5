"""A broker outage, end to end: Redis stops, digests are queued, Redis comes back, beat's sweep sends them.

A Redis of the test's own (so stopping it disturbs nothing else), a real worker and a real beat
with the database scheduler, as production runs them. Nobody runs a command by hand: the digests
must arrive within five minutes of the broker coming back. Needs the redis-server binary; without
it the test is skipped with the reason, except with CI=true, where that is a failure.
"""
import shutil
import socket
import subprocess
import time

import pytest
import redis
from celery.beat import EmbeddedService
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from candidates.choices import Role
from candidates.services import recruiter_create
from candidates.tests.factories import CandidateFactory
from nurture.celery import app
from outreach.digests.services import digests_queue
from outreach.models import CheckInSchedule, Digest, DigestStatus
from outreach.tests.workers import require

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
TEAM = 5
RECOVERY_BUDGET_S = 5 * 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A throwaway redis-server on loopback that the test may stop and start at will."""

    def __init__(self):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        for _ in range(50):
            try:
                client.ping()
                return
            except redis.RedisError:
                time.sleep(0.1)
        raise RuntimeError("the test's redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def private_redis():
    if shutil.which("redis-server") is None:
        require("redis-server is not installed: the broker-outage test starts and stops a Redis of its own")
    server = PrivateRedis()
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def worker_and_beat(private_redis):
    """A real worker and a real beat, both on the private Redis; the app's pools point there meanwhile."""
    conf = app.conf
    saved = conf.task_always_eager, conf.broker_url
    conf.task_always_eager, conf.broker_url = False, private_redis.url
    # Only the sweep runs: the recovery under test is the sweep's. A queueing run started by beat
    # while the test sets up its team (a busy machine starts beat late) would queue the digests
    # the test itself queues with the broker down.
    PeriodicTask.objects.exclude(task="outreach.tasks.sweep_digests").update(enabled=False)
    app._pool, app.amqp._producer_pool = None, None

    def close_connections(**kwargs):
        connections.close_all()  # the worker thread's connections would keep the test database open

    task_postrun.connect(close_connections, weak=False)
    beat = EmbeddedService(app, thread=True, max_interval=5,
                           scheduler_cls="django_celery_beat.schedulers:DatabaseScheduler")
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            beat.start()
            yield
    finally:
        beat.stop()
        task_postrun.disconnect(close_connections)
        conf.task_always_eager, conf.broker_url = saved
        app._pool, app.amqp._producer_pool = None, None
        connections.close_all()


def _team_with_digests_due_now():
    now = timezone.now()
    for n in range(TEAM):
        member = recruiter_create(username=f"out{n}", email=f"out{n}@example.com", password="pw-outage-12345",
                                  first_name="Out", last_name=str(n), role=Role.RECRUITER, timezone_name="UTC")
        member.profile.digest_hour, member.profile.digest_weekdays = now.hour, list(range(7))
        member.profile.save()
        candidate = CandidateFactory(owner=member)
        CheckInSchedule.objects.filter(candidate=candidate).update(next_due_at=now - timezone.timedelta(days=2))


def test_digests_queued_while_redis_is_down_go_out_within_minutes_of_it_coming_back(private_redis, worker_and_beat):
    _team_with_digests_due_now()
    private_redis.stop()

    started = time.monotonic()
    queued = digests_queue()
    queue_seconds = time.monotonic() - started
    assert len(queued) == TEAM
    # One refused publish (about a second of retry policy), not one per recruiter.
    assert queue_seconds < 5, f"queueing took {queue_seconds:.1f} s with the broker down"
    assert Digest.objects.filter(enqueued_at__isnull=True).count() == TEAM
    assert mail.outbox == []

    private_redis.start()
    back_at = time.monotonic()
    deadline = back_at + RECOVERY_BUDGET_S
    while time.monotonic() < deadline:
        if Digest.objects.filter(status=DigestStatus.SENT).count() == TEAM:
            break
        time.sleep(1)
    recovered_in = time.monotonic() - back_at
    assert Digest.objects.filter(status=DigestStatus.SENT).count() == TEAM, (
        f"only {Digest.objects.filter(status=DigestStatus.SENT).count()} of {TEAM} digests sent "
        f"{RECOVERY_BUDGET_S} s after the broker came back"
    )
    print(f"broker back -> all {TEAM} digests sent in {recovered_in:.0f} s")
    assert sorted(m.to[0] for m in mail.outbox) == [f"out{n}@example.com" for n in range(TEAM)]  # once each
