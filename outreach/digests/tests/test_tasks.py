"""Sending digests exactly once: claims, retries, final failure, the sweep, the beat schedule."""
import datetime as dt
import smtplib
import threading
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from kombu.exceptions import OperationalError

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory
from outreach.digests import tasks
from outreach.digests.content import daily_digest_content
from outreach.digests.sending import digest_send
from outreach.digests.services import digests_queue, digests_sweep
from outreach.models import Digest, DigestStatus

pytestmark = pytest.mark.django_db
LONG_AGO = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
DIGEST_HOUR = dt.datetime(2026, 3, 6, 8, 0, tzinfo=dt.UTC)  # 08:00 in London, a Friday


@pytest.fixture
def digest(recruiter) -> Digest:
    """Rita's digest, queued but not yet sent (the on-commit enqueue is not run)."""
    with time_machine.travel(LONG_AGO, tick=False):
        CandidateFactory(owner=recruiter, tier=Tier.TOP, full_name="Tina Top")
    with time_machine.travel(DIGEST_HOUR, tick=False):
        (queued,) = digests_queue()
    return queued.digest


@pytest.fixture
def retries_run_inline():
    """Eager mode runs each retry at once, like a worker would after the countdown.

    The test settings propagate task exceptions, which would surface the first
    Retry instead of running it; these tests want the retries to happen.
    """
    conf = tasks.send_digest.app.conf
    previous, conf.task_eager_propagates = conf.task_eager_propagates, False
    yield
    conf.task_eager_propagates = previous


def _smtp_failing(times: int):
    """Patch only the SMTP edge: the backend's send_messages fails `times` times, then delivers."""
    real = EmailBackend.send_messages
    calls = {"n": 0}

    def send_messages(self, messages):
        calls["n"] += 1
        if calls["n"] <= times:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real(self, messages)

    return mock.patch.object(EmailBackend, "send_messages", autospec=True, side_effect=send_messages), calls


def test_sending_twice_sends_one_email(digest):
    assert tasks.send_digest.delay(digest.pk).get() is True
    assert tasks.send_digest.delay(digest.pk).get() is False  # already sent: nothing to do
    assert len(mail.outbox) == 1
    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT and digest.sent_at is not None and digest.attempts == 1


def test_a_second_worker_finds_the_digest_claimed_and_sends_nothing(digest):
    # Another worker claimed it a minute ago and is talking to SMTP right now.
    with time_machine.travel(DIGEST_HOUR + dt.timedelta(minutes=1), tick=False):
        Digest.objects.filter(pk=digest.pk).update(status=DigestStatus.SENDING, claimed_at=DIGEST_HOUR)
        assert digest_send(digest_id=digest.pk) is False
    assert mail.outbox == []
    # Twenty minutes on, that claim belongs to a dead worker and is taken over.
    with time_machine.travel(DIGEST_HOUR + dt.timedelta(minutes=20), tick=False):
        assert digest_send(digest_id=digest.pk) is True
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_for_one_digest_send_one_email(recruiter):
    """Real concurrency: two threads, two database connections, one conditional UPDATE wins."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with concurrent connections (PostgreSQL); SQLite in-memory has one")
    with time_machine.travel(LONG_AGO, tick=False):
        CandidateFactory(owner=recruiter, tier=Tier.TOP)
    # Made directly: in autocommit mode queueing would enqueue (and eagerly send) it at once.
    content = daily_digest_content(recipient=recruiter, local_date=DIGEST_HOUR.date(), now=DIGEST_HOUR)
    digest = Digest.objects.create(recipient=recruiter, local_date=DIGEST_HOUR.date(), content=content)
    start = threading.Barrier(2)
    results = []

    def worker():
        try:
            start.wait()
            results.append(digest_send(digest_id=digest.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert len(mail.outbox) == 1


def test_smtp_failing_twice_then_working_sends_one_email(digest, retries_run_inline):
    patch, calls = _smtp_failing(times=2)
    with patch:
        tasks.send_digest.delay(digest.pk)
    assert calls["n"] == 3
    assert len(mail.outbox) == 1
    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT
    assert digest.attempts == 3
    assert digest.last_error == ""


def test_retries_back_off_exponentially_with_jitter_below_the_visibility_timeout(digest, retries_run_inline):
    countdowns = []
    real_retry = tasks.send_digest.retry

    def spy(*args, **kwargs):
        countdowns.append(kwargs["countdown"])
        return real_retry(*args, **kwargs)

    patch, _ = _smtp_failing(times=99)
    with patch, mock.patch.object(tasks.send_digest, "retry", side_effect=spy):
        tasks.send_digest.delay(digest.pk)
    assert len(countdowns) == tasks.DIGEST_MAX_RETRIES
    caps = [min(tasks.RETRY_BACKOFF_SECONDS * 2**n, tasks.RETRY_BACKOFF_MAX_SECONDS) for n in range(len(countdowns))]
    assert all(0 <= c <= cap for c, cap in zip(countdowns, caps, strict=True))
    # The longest wait, and the whole back-off, stay well below the Redis visibility timeout (1 hour).
    assert max(caps) <= tasks.RETRY_BACKOFF_MAX_SECONDS < 3600
    assert sum(caps) < 3600


def test_after_the_last_retry_the_digest_is_failed_with_the_error_in_the_admin(
    digest, admin_client, retries_run_inline
):
    patch, calls = _smtp_failing(times=99)
    with patch:
        tasks.send_digest.delay(digest.pk)
    assert calls["n"] == tasks.DIGEST_MAX_RETRIES + 1
    assert mail.outbox == []
    digest.refresh_from_db()
    assert digest.status == DigestStatus.FAILED
    assert "SMTPServerDisconnected" in digest.last_error
    page = admin_client.get("/admin/outreach/digest/").content.decode()
    assert "Failed" in page and "SMTPServerDisconnected" in page


def test_a_failed_digest_can_be_sent_again_from_the_admin(digest, admin_client, django_capture_on_commit_callbacks):
    Digest.objects.filter(pk=digest.pk).update(status=DigestStatus.FAILED, last_error="SMTP down")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/outreach/digest/", {"action": "send_again", "_selected_action": [digest.pk]}
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT


def test_the_sweep_sends_a_digest_whose_message_was_lost(digest, django_capture_on_commit_callbacks):
    # The broker took the message, then lost it (a Redis restart without persistence): pending.
    Digest.objects.filter(pk=digest.pk).update(enqueued_at=DIGEST_HOUR)
    with time_machine.travel(DIGEST_HOUR + dt.timedelta(minutes=5), tick=False):
        assert digests_sweep().requeued == []  # too early: the message may still be on its way
    with (time_machine.travel(DIGEST_HOUR + dt.timedelta(minutes=13), tick=False),
          django_capture_on_commit_callbacks(execute=True)):
        assert digests_sweep().requeued == [digest.pk]
    assert len(mail.outbox) == 1
    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENT


def test_the_sweep_takes_over_a_digest_whose_worker_died_mid_send(digest, django_capture_on_commit_callbacks):
    Digest.objects.filter(pk=digest.pk).update(status=DigestStatus.SENDING, claimed_at=DIGEST_HOUR)
    with time_machine.travel(DIGEST_HOUR + dt.timedelta(minutes=4), tick=False):
        assert digests_sweep().requeued == []  # a live worker may still be talking to SMTP
    with (time_machine.travel(DIGEST_HOUR + dt.timedelta(minutes=6), tick=False),
          django_capture_on_commit_callbacks(execute=True)):
        assert digests_sweep().requeued == [digest.pk]
    assert len(mail.outbox) == 1


def test_the_sweep_expires_a_digest_two_days_old(digest):
    with time_machine.travel(DIGEST_HOUR + dt.timedelta(days=2, minutes=1), tick=False):
        result = digests_sweep()
    assert (result.requeued, result.expired) == ([], 1)
    digest.refresh_from_db()
    assert digest.status == DigestStatus.FAILED and "expired" in digest.last_error


def test_nothing_is_lost_while_the_broker_is_down(recruiter, other_recruiter, django_capture_on_commit_callbacks):
    with time_machine.travel(LONG_AGO, tick=False):
        CandidateFactory(owner=recruiter)
        CandidateFactory(owner=other_recruiter)
    broker_down = mock.patch.object(tasks.send_digest, "delay", side_effect=OperationalError("Connection refused"))
    with broker_down, django_capture_on_commit_callbacks(execute=True):
        with time_machine.travel(DIGEST_HOUR, tick=False):
            assert len(digests_queue()) == 1  # rita; the failed publish did not stop the run
        with time_machine.travel(DIGEST_HOUR + dt.timedelta(hours=5), tick=False):
            assert len(digests_queue()) == 1  # oscar, 08:00 in New York
    assert mail.outbox == []
    assert set(Digest.objects.values_list("status", flat=True)) == {DigestStatus.PENDING}
    # Neither counts as enqueued: the broker never took them.
    assert set(Digest.objects.values_list("enqueued_at", flat=True)) == {None}
    # The broker is back; the next sweep, two minutes later, sends both.
    with (time_machine.travel(DIGEST_HOUR + dt.timedelta(hours=5, minutes=2), tick=False),
          django_capture_on_commit_callbacks(execute=True)):
        call_command("sweep_digests")
    assert sorted(m.to[0] for m in mail.outbox) == ["oscar@example.com", "rita@example.com"]


def test_a_digest_counts_as_enqueued_only_once_the_broker_took_it(recruiter, django_capture_on_commit_callbacks):
    with time_machine.travel(LONG_AGO, tick=False):
        CandidateFactory(owner=recruiter)
    with time_machine.travel(DIGEST_HOUR, tick=False):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            (queued,) = digests_queue()
        assert Digest.objects.get().enqueued_at is None  # committed, not yet published
        for callback in callbacks:
            callback()
    digest = Digest.objects.get()
    assert digest.enqueued_at == DIGEST_HOUR and digest.status == DigestStatus.SENT


def test_with_the_broker_down_a_run_tries_one_publish_logs_one_line_and_leaves_the_rest_to_the_sweep(
    db, caplog, django_capture_on_commit_callbacks
):
    from candidates.choices import Role
    from candidates.services import recruiter_create

    team = [recruiter_create(username=f"r{n}", email=f"r{n}@example.com", password="pw-team-12345",
                             first_name="R", last_name=str(n), role=Role.RECRUITER, timezone_name="Europe/London")
            for n in range(20)]
    with time_machine.travel(LONG_AGO, tick=False):
        for member in team:
            CandidateFactory(owner=member)
    broker_down = mock.patch.object(tasks.send_digest, "delay", side_effect=OperationalError("Connection refused"))
    with (broker_down as delay, django_capture_on_commit_callbacks(execute=True), caplog.at_level("WARNING"),
          time_machine.travel(DIGEST_HOUR, tick=False)):
        assert len(digests_queue()) == 20
    assert delay.call_count == 1  # not 20 publishes, each spending the retry policy
    broker_lines = [r for r in caplog.records if "Broker unreachable" in r.getMessage()]
    assert len(broker_lines) == 1 and "left for the sweep" in broker_lines[0].getMessage()
    assert Digest.objects.filter(enqueued_at__isnull=True).count() == 20
    with time_machine.travel(DIGEST_HOUR + dt.timedelta(seconds=20), tick=False):
        assert digests_sweep().requeued == []  # the run's own publish may still be under way
    with (time_machine.travel(DIGEST_HOUR + dt.timedelta(minutes=2), tick=False),
          django_capture_on_commit_callbacks(execute=True)):
        assert len(digests_sweep().requeued) == 20
    assert len(mail.outbox) == 20
    assert Digest.objects.filter(status=DigestStatus.SENT, enqueued_at__isnull=False).count() == 20


def test_send_digests_command_sends_pending_digests_without_a_worker(digest, capsys):
    call_command("send_digests")
    assert "1 digest(s) sent." in capsys.readouterr().out
    assert len(mail.outbox) == 1
