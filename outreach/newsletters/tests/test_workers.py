"""Workers racing and dying, on PostgreSQL with real connections: each recipient gets the issue once."""
import datetime as dt
import multiprocessing
import os
import signal
import threading
from collections import Counter

import pytest
from django.db import connections
from django.test import override_settings
from django.utils import timezone

from candidates.tests.factories import CandidateFactory
from outreach.mail.choices import MailStatus
from outreach.newsletters.choices import NewsletterStatus
from outreach.newsletters.sending import STALE_CLAIM, newsletter_send_some
from outreach.tests.workers import wait_for

from .helpers import start

pytestmark = pytest.mark.django_db(transaction=True)
RECIPIENTS = 60


@pytest.fixture
def big_pool(recruiter):
    return [CandidateFactory(owner=recruiter, tier=1, email=f"reader{n}@example.org") for n in range(RECIPIENTS)]


def delivered_to(smtp) -> Counter:
    return Counter(rcpt for item in smtp.recorder.accepted for rcpt in item["rcpt_tos"])


@override_settings(NEWSLETTER_RATE_PER_SECOND=0)
def test_two_workers_racing_over_one_issue_send_each_recipient_once(newsletter, big_pool, smtp, monkeypatch):
    monkeypatch.setattr("outreach.newsletters.sending.BATCH_SIZE", 7)
    start(newsletter)
    runs, errors = [], []
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            runs.append(newsletter_send_some(newsletter_id=newsletter.pk, batch_size=7))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    counts = delivered_to(smtp)
    assert len(counts) == RECIPIENTS and set(counts.values()) == {1}
    assert sum(run.sent for run in runs) == RECIPIENTS
    assert set(newsletter.recipients().values_list("status", flat=True)) == {MailStatus.SENT}
    assert all(run.sent for run in runs), "both workers took a share"
    newsletter.refresh_from_db()
    assert newsletter.status == NewsletterStatus.SENT


def _child(newsletter_id: int) -> None:
    # A worker process of its own: its own database connection and SMTP conversation.
    newsletter_send_some(newsletter_id=newsletter_id, batch_size=20)


# One connection: with several, the server's scripted replies would go to whichever connection asks next.
@override_settings(NEWSLETTER_RATE_PER_SECOND=0, NEWSLETTER_SMTP_CONNECTIONS=1)
def test_a_worker_killed_mid_batch_is_resumed_without_emailing_anyone_twice(newsletter, big_pool, smtp):
    start(newsletter)
    # The server takes 25 messages, then sits on the 26th as a stuck server would.
    smtp.recorder.replies = ["250 OK"] * 25 + ["hang"]
    connections.close_all()  # the child opens its own
    process = multiprocessing.get_context("fork").Process(target=_child, args=(newsletter.pk,))
    process.start()
    try:
        assert wait_for(lambda: smtp.recorder.data_commands >= 26, timeout=30)
    finally:
        os.kill(process.pid, signal.SIGKILL)  # mid-batch: 5 of its second batch sent, one in flight
        process.join(10)
    smtp.release_hung()
    rows = Counter(newsletter.recipients().values_list("status", flat=True))
    assert rows[MailStatus.SENT] == 25 and rows[MailStatus.SENDING] == 15
    # A new worker right away leaves the dead one's claims alone (it might still be alive)...
    assert newsletter_send_some(newsletter_id=newsletter.pk, now=timezone.now()).sent == 20
    # ... and takes them once they are stale.
    later = timezone.now() + STALE_CLAIM + dt.timedelta(seconds=1)
    assert newsletter_send_some(newsletter_id=newsletter.pk, now=later).sent == 15
    counts = delivered_to(smtp)
    assert len(counts) == RECIPIENTS and set(counts.values()) == {1}
    newsletter.refresh_from_db()
    assert newsletter.status == NewsletterStatus.SENT
