"""A real Celery worker, a real Redis broker, a real database: the digest email arrives, once.

Needs REDIS_URL. Without it the test is skipped with the reason, except in CI
(CI=true), where a missing or unreachable Redis fails the run instead of
silently testing less.
"""
import datetime as dt
import os
import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections
from django.utils import timezone

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory
from nurture.celery import app
from outreach.digests.services import digests_queue
from outreach.models import CheckInSchedule, Digest, DigestStatus

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _require_redis() -> None:
    url = os.environ.get("REDIS_URL", "")
    problem = ""
    if not url:
        problem = "REDIS_URL is not set: the real-worker test needs a Redis broker"
    elif not app.conf.broker_url.startswith("redis"):
        problem = f"Celery is not configured for Redis (broker {app.conf.broker_url!r})"
    else:
        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            problem = f"Redis at REDIS_URL is unreachable: {exc}"
    if problem:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{problem} (CI=true: this test must run)")
        pytest.skip(problem)


@pytest.fixture
def real_worker():
    _require_redis()
    conf = app.conf
    saved = conf.task_always_eager
    conf.task_always_eager = False
    app.control.purge()  # leftovers of an interrupted earlier run

    finished = {}

    def after_task(task_id=None, retval=None, **kwargs):
        finished[task_id] = retval
        # The worker thread's connections would otherwise outlive the test
        # and keep the test database from being dropped.
        connections.close_all()

    task_postrun.connect(after_task, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            yield finished  # task id -> what the task returned, as the worker finishes each
    finally:
        task_postrun.disconnect(after_task)
        conf.task_always_eager = saved


def _wait_for(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_a_real_worker_sends_the_queued_digest_email_once(recruiter, real_worker):
    now = timezone.now()
    # Make this hour Rita's digest hour, whatever the clock says.
    recruiter.profile.timezone = "UTC"
    recruiter.profile.digest_hour = now.hour
    recruiter.profile.digest_weekdays = list(range(7))
    recruiter.profile.save()
    candidate = CandidateFactory(owner=recruiter, tier=Tier.TOP, full_name="Wanda Worker")
    CheckInSchedule.objects.filter(candidate=candidate).update(next_due_at=now - dt.timedelta(days=3))

    (queued,) = digests_queue()  # commits, then publishes send_digest to Redis
    digests_queue()  # the same hour again: nothing new

    assert _wait_for(lambda: Digest.objects.get(pk=queued.digest.pk).status == DigestStatus.SENT), (
        "the worker did not send the digest within 30 s"
    )
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["rita@example.com"]
    assert email.subject == "1 check-in overdue"
    assert "Wanda Worker" in email.body and "3 days overdue" in email.body

    # A duplicate message for the same digest (a redelivery) reaches the worker and sends nothing.
    from outreach.digests.tasks import send_digest

    duplicate = send_digest.delay(queued.digest.pk)
    assert _wait_for(lambda: duplicate.id in real_worker), "the worker did not run the duplicate within 30 s"
    assert real_worker[duplicate.id] is False  # it found the digest already sent
    assert len(mail.outbox) == 1
    assert Digest.objects.count() == 1
