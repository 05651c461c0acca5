"""Real Celery workers on Redis, a real SMTP server: a broker outage and a worker killed mid-send are
both recovered by the sweep, and the candidate gets the email exactly once.

Needs REDIS_URL (and PostgreSQL for the worker process to share the test database). Without
them the tests skip with the reason, except in CI (CI=true), where they fail instead.
"""
import datetime as dt
import os
import signal
import subprocess
import sys
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError

from nurture.celery import app
from outreach.mail import tasks
from outreach.mail.choices import MailStatus
from outreach.mail.models import OutboundEmail
from outreach.mail.sending import CLAIM_TIMEOUT
from outreach.mail.services import outbound_emails_sweep, personal_email_queue
from outreach.tests.workers import in_process_worker, require, require_redis, wait_for

from .factories import draft

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _status(email) -> str:
    return OutboundEmail.objects.get(pk=email.pk).status


def test_a_broker_outage_is_recovered_by_the_sweep_and_sent_once(smtp, candidate, recruiter, real_worker):
    with mock.patch.object(tasks.send_email, "delay", side_effect=OperationalError("Error 111 connecting")):
        email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())  # commits; publish fails
    assert OutboundEmail.objects.get(pk=email.pk).enqueued_at is None
    # The broker is back; the next sweep (a minute later) publishes it to Redis, and the worker sends it.
    assert outbound_emails_sweep(now=timezone.now() + dt.timedelta(minutes=2)).requeued == [email.pk]
    assert wait_for(lambda: _status(email) == MailStatus.SENT), "the worker did not send it within 30 s"
    assert OutboundEmail.objects.get(pk=email.pk).enqueued_at is not None
    # Sweeping again, and a duplicate task on the queue, send nothing more.
    assert outbound_emails_sweep(now=timezone.now() + dt.timedelta(minutes=3)).requeued == []
    duplicate = tasks.send_email.delay(email.pk)
    assert wait_for(lambda: duplicate.id in real_worker)
    assert real_worker[duplicate.id] is False
    assert smtp.count == 1


def _worker_process(smtp) -> subprocess.Popen:
    """`celery worker` in a process of its own, on the test database, sending to the test SMTP server."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nurture.settings.local", "DEBUG": "False",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
                        f"{db['PORT'] or 5432}/{db['NAME']}",
        "EMAIL_URL": f"smtp://{smtp.host}:{smtp.port}", "REDIS_URL": os.environ["REDIS_URL"],
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "nurture", "worker", "--pool", "solo", "--without-heartbeat",
         "--without-mingle", "--without-gossip", "-l", "WARNING"],
        cwd=settings.BASE_DIR, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def test_a_worker_killed_mid_send_is_recovered_by_the_sweep_and_sent_once(smtp, candidate, recruiter):
    require_redis()
    require("" if connection.vendor == "postgresql" else "the worker process needs the PostgreSQL test database")
    app.control.purge()
    smtp.recorder.replies = ["hang"]  # the first message: the server goes quiet mid-DATA
    worker = _worker_process(smtp)
    try:
        saved, app.conf.task_always_eager = app.conf.task_always_eager, False
        try:
            email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())  # published to Redis
        finally:
            app.conf.task_always_eager = saved
        assert wait_for(lambda: smtp.recorder.data_commands == 1, timeout=60), "the worker never got to DATA"
        assert _status(email) == MailStatus.SENDING
        os.killpg(worker.pid, signal.SIGKILL)  # killed mid-send, before the server said 250
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    smtp.release_hung()
    assert smtp.count == 0 and _status(email) == MailStatus.SENDING  # the claim is left behind
    # CLAIM_TIMEOUT later (the row's clock moved on instead of the test waiting), the sweep hands it to
    # a live worker.
    later = CLAIM_TIMEOUT + dt.timedelta(seconds=5)
    OutboundEmail.objects.filter(pk=email.pk).update(
        created_at=F("created_at") - later, enqueued_at=F("enqueued_at") - later, claimed_at=F("claimed_at") - later)
    with in_process_worker():
        assert outbound_emails_sweep().requeued == [email.pk]
        assert wait_for(lambda: _status(email) == MailStatus.SENT), "the sweep's task was not sent within 30 s"
    assert smtp.count == 1 and smtp.recorder.data_commands == 2
    assert OutboundEmail.objects.get(pk=email.pk).attempts == 2
