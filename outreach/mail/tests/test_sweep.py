"""The sweep recovers what a broker outage or a dead worker left, within five minutes, never sending twice."""
import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from kombu.exceptions import OperationalError

from outreach.beat_schedule import JOBS
from outreach.mail import jobs, tasks
from outreach.mail.choices import MailStatus
from outreach.mail.models import OutboundEmail
from outreach.mail.sending import CLAIM_TIMEOUT, outbound_email_send
from outreach.mail.services import EXPIRE_AFTER, outbound_emails_sweep, personal_email_queue

from .factories import draft

pytestmark = pytest.mark.django_db
WRITTEN = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)
SWEEP_EVERY = dt.timedelta(minutes=1)  # the beat job's crontab, checked below


def _broker_down():
    return mock.patch.object(tasks.send_email, "delay", side_effect=OperationalError("Error 111 connecting"))


def _sweeps_until_sent(email, start, capture, *, limit=dt.timedelta(minutes=5)):
    """Run the beat job once a minute from `start`; its publishes run on commit, and eager Celery sends at once."""
    moment = start
    while moment <= start + limit:
        with time_machine.travel(moment, tick=False), capture(execute=True):
            jobs.sweep_emails.apply()
        email.refresh_from_db()
        if email.status == MailStatus.SENT:
            return moment - start
        moment += SWEEP_EVERY
    return None


def test_the_sweep_runs_every_minute():
    job = JOBS["Sweep stuck candidate emails"]
    assert job["task"] == "mail.sweep_emails" and job["crontab"] == {"minute": "*"}


def test_a_broker_outage_is_recovered_within_five_minutes(smtp, candidate, recruiter,
                                                           django_capture_on_commit_callbacks):
    with time_machine.travel(WRITTEN, tick=False), _broker_down(), \
            django_capture_on_commit_callbacks(execute=True):
        email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())  # the publish fails
    email.refresh_from_db()
    assert (email.status, email.enqueued_at) == (MailStatus.QUEUED, None)  # committed, never published
    with time_machine.travel(WRITTEN + dt.timedelta(seconds=30), tick=False):
        assert outbound_emails_sweep().requeued == []  # a publish may still be under way: not yet
    took = _sweeps_until_sent(email, WRITTEN + dt.timedelta(seconds=30), django_capture_on_commit_callbacks)
    assert took is not None and took <= dt.timedelta(minutes=2)
    assert smtp.count == 1


def test_a_worker_killed_mid_send_is_recovered_within_five_minutes_and_sent_once(
        smtp, candidate, recruiter, django_capture_on_commit_callbacks):
    with time_machine.travel(WRITTEN, tick=False):
        with mock.patch.object(tasks.send_email, "delay"), django_capture_on_commit_callbacks(execute=True):
            email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
        # A worker claimed it and died before SMTP accepted anything: the claim is left "sending".
        OutboundEmail.objects.filter(pk=email.pk).update(status=MailStatus.SENDING, claimed_at=WRITTEN,
                                                         attempts=1)
    with time_machine.travel(WRITTEN + dt.timedelta(minutes=1), tick=False):
        assert outbound_email_send(email_id=email.pk) is False  # a live claim is never overtaken
    took = _sweeps_until_sent(email, WRITTEN + dt.timedelta(minutes=1), django_capture_on_commit_callbacks)
    assert took is not None and WRITTEN + dt.timedelta(minutes=1) + took <= WRITTEN + dt.timedelta(minutes=5)
    assert took >= CLAIM_TIMEOUT - dt.timedelta(minutes=1)
    email.refresh_from_db()
    assert email.attempts == 2 and smtp.count == 1
    # The redelivered original task (acks_late) arrives later and finds nothing to do.
    assert tasks.send_email.apply(args=[email.pk]).get() is False
    assert smtp.count == 1


def test_the_sweep_publishes_a_dead_claim_once_not_every_minute(candidate, recruiter,
                                                                django_capture_on_commit_callbacks):
    with mock.patch.object(tasks.send_email, "delay") as delay:
        with time_machine.travel(WRITTEN, tick=False), django_capture_on_commit_callbacks(execute=True):
            email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
        # Claimed after that publish, by a worker that then died (and a queue that is slow to redeliver).
        OutboundEmail.objects.filter(pk=email.pk).update(status=MailStatus.SENDING, claimed_at=WRITTEN)
        for minute in range(1, 12):
            with time_machine.travel(WRITTEN + dt.timedelta(minutes=minute), tick=False), \
                    django_capture_on_commit_callbacks(execute=True):
                outbound_emails_sweep()
    # Once on queueing, once when the claim went stale: not again every minute after that.
    assert [call.args for call in delay.call_args_list] == [(email.pk,), (email.pk,)]


def test_a_message_sent_before_its_mark_is_the_one_rare_duplicate_documented(smtp, candidate, recruiter):
    # The one gap exactly-once leaves: SMTP accepted, the worker died before marking it sent.
    email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
    with mock.patch("outreach.mail.sending._mark_sent", side_effect=SystemExit), pytest.raises(SystemExit):
        outbound_email_send(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == MailStatus.SENDING and smtp.count == 1


def test_stale_emails_expire_instead_of_going_out_days_late(candidate, recruiter):
    with time_machine.travel(WRITTEN, tick=False), mock.patch.object(tasks.send_email, "delay"):
        email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
    result = outbound_emails_sweep(now=WRITTEN + EXPIRE_AFTER + dt.timedelta(minutes=1))
    email.refresh_from_db()
    assert result.expired == 1 and email.status == MailStatus.FAILED and "expired" in email.last_error


def test_an_idle_sweep_is_two_cheap_queries(candidate, recruiter, smtp):
    email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
    outbound_email_send(email_id=email.pk)  # sent: nothing left to do
    with CaptureQueriesContext(connection) as queries:
        result = outbound_emails_sweep()
    assert result.requeued == [] and result.expired == 0
    statements = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("UPDATE", "SELECT"))]
    assert len(statements) == 2
    assert all('"status" IN' in sql for sql in statements)  # both can use the partial index of unfinished rows


def test_a_row_is_marked_enqueued_only_once_the_broker_took_the_task(candidate, recruiter,
                                                                     django_capture_on_commit_callbacks):
    with mock.patch.object(tasks.send_email, "delay") as delay, time_machine.travel(WRITTEN, tick=False):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
        delay.assert_not_called()  # nothing published before the commit
        email.refresh_from_db()
        assert email.enqueued_at is None
        for callback in callbacks:
            callback()
    delay.assert_called_once_with(email.pk)
    email.refresh_from_db()
    assert email.enqueued_at == WRITTEN


def test_the_beat_job_names_a_task_the_worker_knows():
    from nurture.celery import app

    app.loader.import_default_modules()  # what a worker does at start: tasks.py and jobs.py
    assert {"mail.send_email", "mail.sweep_emails"} <= set(app.tasks)


def test_with_the_broker_down_a_bulk_send_tries_one_publish_and_the_sweep_sends_the_rest(
    smtp, recruiter, caplog, django_capture_on_commit_callbacks
):
    from candidates.tests.factories import CandidateFactory
    from outreach.mail.choices import MailKind
    from outreach.mail.services import bulk_emails_queue

    pool = [CandidateFactory(owner=recruiter, email=f"pool{n}@example.org") for n in range(12)]
    with (time_machine.travel(WRITTEN, tick=False), _broker_down() as delay, caplog.at_level("WARNING"),
          django_capture_on_commit_callbacks(execute=True)):
        result = bulk_emails_queue(kind=MailKind.NEWSLETTER, candidates=pool, sender=recruiter,
                                   subject="News", body="What we shipped.", batch_key="news:outage")
    assert len(result.queued) == 12
    assert delay.call_count == 1  # not twelve publishes, each spending the retry policy
    assert [r.getMessage() for r in caplog.records if "Broker unreachable" in r.getMessage()] == [
        "Broker unreachable (Error 111 connecting): 12 candidate email(s) of this run left for the sweep"
    ]
    assert OutboundEmail.objects.filter(enqueued_at__isnull=True).count() == 12
    with time_machine.travel(WRITTEN + dt.timedelta(minutes=2), tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        jobs.sweep_emails.apply()  # the second beat tick after the outage
    assert smtp.count == 12
    assert OutboundEmail.objects.filter(status=MailStatus.SENT).count() == 12
