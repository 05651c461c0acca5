"""The beat tick and the step emails: once per enrolment and step, threaded, in the window, editable mid-flight."""
import datetime as dt
import threading

import pytest
import time_machine
from django.db import connections

from candidates.tests.factories import CandidateFactory
from outreach.mail.choices import MailKind, MailStatus
from outreach.mail.models import OutboundEmail
from outreach.sequences.advance import enrolments_advance
from outreach.sequences.choices import EnrolmentStatus, RunStatus, StopReason
from outreach.sequences.enrolment import enrolments_create
from outreach.sequences.models import Enrolment, StepRun
from outreach.sequences.services import step_add, step_update
from outreach.sequences.writing import step_emails_write

from .conftest import LONDON, MONDAY_10

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SEQUENCE_HOLIDAYS = "GB-ENG"
    settings.MAIL_MESSAGE_ID_DOMAIN = "mail.example.com"


def _enrol(sequence, candidate, recruiter, now=MONDAY_10):
    result = enrolments_create(sequence=sequence, candidates=type(candidate).objects.filter(pk=candidate.pk),
                               by=recruiter, now=now)
    assert [c.pk for c in result.enrolled] == [candidate.pk], result.refused
    return Enrolment.objects.get(candidate=candidate)


def _send_all(django_capture_on_commit_callbacks, now):
    """Write the pending step emails; Celery is eager here, so each publish sends it over SMTP."""
    with django_capture_on_commit_callbacks(execute=True):
        step_emails_write(now=now)


def test_each_step_is_sent_once_in_the_same_thread_and_the_sequence_finishes(
        sequence, candidate, recruiter, smtp, django_capture_on_commit_callbacks):
    with time_machine.travel(MONDAY_10, tick=False):
        enrolment = _enrol(sequence, candidate, recruiter)
        assert enrolment.next_step_at == MONDAY_10
        tick = enrolments_advance(now=MONDAY_10)
        assert (tick.moved, tick.emails) == (1, 1)
        _send_all(django_capture_on_commit_callbacks, MONDAY_10)
        # A second tick the same minute: nothing is due, nothing more is written.
        assert enrolments_advance(now=MONDAY_10).moved == 0
        assert step_emails_write(now=MONDAY_10) == 0
    enrolment.refresh_from_db()
    wednesday_10 = dt.datetime(2026, 11, 11, 10, 0, tzinfo=LONDON)
    assert enrolment.next_step_at == wednesday_10  # two business days after Monday 10:00
    first = OutboundEmail.objects.get()
    assert (first.kind, first.status, first.subject) == (MailKind.SEQUENCE, MailStatus.SENT, "Catching up, Ada?")

    with time_machine.travel(wednesday_10, tick=False):
        assert enrolments_advance(now=wednesday_10 - dt.timedelta(minutes=1)).moved == 0  # not due yet
        assert enrolments_advance(now=wednesday_10).moved == 1
        _send_all(django_capture_on_commit_callbacks, wednesday_10)
    second = OutboundEmail.objects.exclude(pk=first.pk).get()
    assert second.status == MailStatus.SENT
    assert len(smtp.recorder.messages()) == 2
    sent = smtp.recorder.messages()[1]
    assert sent["Subject"] == "Re: Catching up, Ada?"
    assert sent["In-Reply-To"] == first.message_id
    assert sent["References"] == first.message_id
    assert sent["Message-ID"] == second.message_id
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.stop_reason) == (EnrolmentStatus.FINISHED, StopReason.LAST_STEP)
    assert enrolment.next_step_at is None
    assert StepRun.objects.filter(status=RunStatus.QUEUED).count() == 2


def test_a_new_thread_step_has_no_threading_headers(sequence, candidate, recruiter, smtp,
                                                    django_capture_on_commit_callbacks):
    last = sequence.steps.get(position=3)
    step_update(step=last, subject="Something new", body="A fresh start.", same_thread=False)
    with time_machine.travel(MONDAY_10, tick=False):
        _enrol(sequence, candidate, recruiter)
        enrolments_advance(now=MONDAY_10)
        _send_all(django_capture_on_commit_callbacks, MONDAY_10)
    later = dt.datetime(2026, 11, 11, 10, 0, tzinfo=LONDON)
    with time_machine.travel(later, tick=False):
        enrolments_advance(now=later)
        _send_all(django_capture_on_commit_callbacks, later)
    sent = smtp.recorder.messages()[1]
    assert sent["Subject"] == "Something new"
    assert sent["In-Reply-To"] is None and sent["References"] is None


def test_editing_a_sequence_mid_flight_changes_only_the_steps_not_yet_sent(
        sequence, candidate, recruiter, smtp, django_capture_on_commit_callbacks):
    with time_machine.travel(MONDAY_10, tick=False):
        _enrol(sequence, candidate, recruiter)
        enrolments_advance(now=MONDAY_10)
        _send_all(django_capture_on_commit_callbacks, MONDAY_10)
    first = OutboundEmail.objects.get()
    first_body = first.body_text
    # The recruiter rewrites both emails and adds a task at the end.
    step_update(step=sequence.steps.get(position=1), subject="Rewritten opener", body="Completely different.")
    step_update(step=sequence.steps.get(position=3), subject="Following up", body="The new follow-up text.")
    step_add(sequence=sequence, kind="task", task_kind="call", task_note="Ask about the move")
    first.refresh_from_db()
    assert first.body_text == first_body and first.subject == "Catching up, Ada?"
    later = dt.datetime(2026, 11, 11, 10, 0, tzinfo=LONDON)
    with time_machine.travel(later, tick=False):
        tick = enrolments_advance(now=later)
        _send_all(django_capture_on_commit_callbacks, later)
    assert (tick.emails, tick.tasks) == (1, 1)
    second = OutboundEmail.objects.exclude(pk=first.pk).get()
    assert "The new follow-up text." in second.body_text
    task = StepRun.objects.get(kind="task")
    assert (task.status, task.note, task.assignee) == (RunStatus.OPEN, "Ask about the move", recruiter)


def test_a_late_tick_outside_the_window_waits_for_it_to_open(sequence, candidate, recruiter):
    _enrol(sequence, candidate, recruiter)
    friday_night = dt.datetime(2026, 11, 13, 22, 0, tzinfo=LONDON)
    tick = enrolments_advance(now=friday_night)
    assert (tick.moved, tick.emails) == (1, 0)
    enrolment = Enrolment.objects.get()
    assert enrolment.next_step_at == dt.datetime(2026, 11, 16, 9, 0, tzinfo=LONDON)
    assert enrolment.next_position == 1


def test_an_email_step_is_written_once_even_when_the_writer_runs_twice(sequence, candidate, recruiter):
    _enrol(sequence, candidate, recruiter)
    enrolments_advance(now=MONDAY_10)
    run = StepRun.objects.get()
    assert step_emails_write(now=MONDAY_10) == 1
    # A crash after the emails were written but before the runs were marked: the run is pending again.
    StepRun.objects.filter(pk=run.pk).update(status=RunStatus.PENDING, email=None)
    assert step_emails_write(now=MONDAY_10) == 1
    run.refresh_from_db()
    assert OutboundEmail.objects.count() == 1
    assert run.email == OutboundEmail.objects.get()


@pytest.mark.django_db(transaction=True)
def test_two_ticks_racing_move_each_enrolment_once(sequence, recruiter):
    candidates = [CandidateFactory(owner=recruiter) for _ in range(60)]
    result = enrolments_create(sequence=sequence, candidates=type(candidates[0]).objects.all(), by=recruiter,
                               now=MONDAY_10)
    assert len(result.enrolled) == 60
    barrier, results = threading.Barrier(2), []

    def tick():
        try:
            barrier.wait()
            results.append(enrolments_advance(now=MONDAY_10, batch_size=7))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tick) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.moved for r in results) == 60
    assert StepRun.objects.count() == 60
    assert StepRun.objects.values("enrolment").distinct().count() == 60

    def write():
        try:
            barrier.wait()
            while step_emails_write(now=MONDAY_10, batch_size=9):
                pass
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert OutboundEmail.objects.count() == 60
    assert OutboundEmail.objects.values("candidate").distinct().count() == 60
    assert not StepRun.objects.filter(status=RunStatus.PENDING).exists()
