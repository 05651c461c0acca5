"""What stops an enrolment, one rule at a time; the reason and time are kept and shown."""
import pytest
import time_machine
from django.utils import timezone

from candidates.choices import Stage
from candidates.services import candidate_update
from outreach.mail.choices import MailStatus, Topic
from outreach.mail.imap import reply_mailbox_poll
from outreach.mail.models import EmailPreferences, OutboundEmail
from outreach.mail.preferences import preferences_unsubscribe
from outreach.mail.replies import inbound_email_receive
from outreach.mail.reply_address import reply_address
from outreach.mail.tests.inbound_mail import bounce, out_of_office, reply
from outreach.sequences.advance import enrolments_advance
from outreach.sequences.choices import EnrolmentStatus, RunStatus, StopReason
from outreach.sequences.enrolment import enrolments_create
from outreach.sequences.models import Enrolment, StepRun
from outreach.sequences.services import enrolment_stop_by_hand, step_add
from outreach.sequences.writing import step_emails_write

from .conftest import MONDAY_10

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SEQUENCE_HOLIDAYS = "GB-ENG"
    settings.MAIL_REPLY_MAILBOX = "replies@nurture.test"


@pytest.fixture
def first_step_sent(sequence, candidate, recruiter, smtp, django_capture_on_commit_callbacks):
    """Ada enrolled on Monday 10:00; the first email went out over SMTP."""
    with time_machine.travel(MONDAY_10, tick=False):
        enrolments_create(sequence=sequence, candidates=type(candidate).objects.filter(pk=candidate.pk),
                          by=recruiter, now=MONDAY_10)
        enrolments_advance(now=MONDAY_10)
        with django_capture_on_commit_callbacks(execute=True):
            step_emails_write(now=MONDAY_10)
    email = OutboundEmail.objects.get()
    assert email.status == MailStatus.SENT
    return email


def _enrolment() -> Enrolment:
    return Enrolment.objects.get()


def test_a_reply_through_the_imap_mailbox_stops_it_and_lands_on_the_timeline(
        first_step_sent, candidate, imap, client, recruiter, django_capture_on_commit_callbacks):
    imap.deliver(reply(to=reply_address(first_step_sent.pk), text="Sounds great, call me Thursday."))
    with django_capture_on_commit_callbacks(execute=True):
        assert reply_mailbox_poll().imported == 1
    enrolment = _enrolment()
    assert (enrolment.status, enrolment.stop_reason) == (EnrolmentStatus.STOPPED, StopReason.REPLIED)
    assert enrolment.stopped_at is not None and enrolment.next_step_at is None
    client.force_login(recruiter)
    page = client.get(candidate.get_absolute_url()).content.decode()
    assert "Replied: Sounds great, call me Thursday." in page
    assert "Replied" in page and "Warm follow-up" in page
    # Nothing more is sent: the next tick finds nothing due.
    assert enrolments_advance(now=timezone.now()).moved == 0


def test_an_out_of_office_reply_does_not_stop_it(first_step_sent, imap):
    imap.deliver(out_of_office(to=reply_address(first_step_sent.pk)))
    assert reply_mailbox_poll().imported == 1
    assert _enrolment().status == EnrolmentStatus.ACTIVE


def test_a_bounce_stops_it(first_step_sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        inbound_email_receive(raw=bounce(original_message_id=first_step_sent.message_id), source="imap")
    assert _enrolment().stop_reason == StopReason.BOUNCED


def test_an_unsubscribe_stops_it_at_once_and_withdraws_a_step_already_written(
        sequence, candidate, recruiter):
    # The first step's email is written (queued) but not sent when Ada unsubscribes.
    enrolments_create(sequence=sequence, candidates=type(candidate).objects.filter(pk=candidate.pk), by=recruiter,
                      now=MONDAY_10)
    enrolments_advance(now=MONDAY_10)
    step_emails_write(now=MONDAY_10)
    queued = OutboundEmail.objects.get()
    assert queued.status == MailStatus.QUEUED
    preferences_unsubscribe(preferences=EmailPreferences.objects.get(candidate=candidate), topic=Topic.JOBS)
    enrolment = _enrolment()
    assert (enrolment.status, enrolment.stop_reason) == (EnrolmentStatus.STOPPED, StopReason.UNSUBSCRIBED)
    queued.refresh_from_db()
    assert queued.status == MailStatus.SUPPRESSED


def test_unsubscribing_from_another_topic_does_not_stop_it(first_step_sent, candidate):
    preferences_unsubscribe(preferences=EmailPreferences.objects.get(candidate=candidate), topic=Topic.NEWSLETTER)
    assert _enrolment().status == EnrolmentStatus.ACTIVE


@pytest.mark.parametrize("stage", [Stage.RE_ENGAGED, Stage.INTERVIEWING, Stage.REHIRED, Stage.NOT_INTERESTED])
def test_a_stage_change_that_means_an_answer_stops_it(first_step_sent, candidate, recruiter, stage):
    candidate_update(candidate=candidate, changed_by=recruiter, stage=stage)
    enrolment = _enrolment()
    assert enrolment.stop_reason == StopReason.STAGE
    assert enrolment.stop_detail.startswith("Now ")


def test_nurturing_is_not_an_answer(first_step_sent, candidate, recruiter):
    candidate_update(candidate=candidate, changed_by=recruiter, stage=Stage.NURTURING)
    assert _enrolment().status == EnrolmentStatus.ACTIVE


def test_do_not_contact_stops_it(first_step_sent, candidate, recruiter):
    candidate_update(candidate=candidate, changed_by=recruiter, do_not_contact=True)
    assert _enrolment().stop_reason == StopReason.DO_NOT_CONTACT


@pytest.mark.parametrize(("replied", "reason"), [(True, StopReason.MARKED_REPLIED), (False, StopReason.MANUAL)])
def test_stopping_by_hand(first_step_sent, recruiter, replied, reason):
    assert enrolment_stop_by_hand(enrolment=_enrolment(), replied=replied, by=recruiter)
    enrolment = _enrolment()
    assert (enrolment.stop_reason, enrolment.stop_detail) == (reason, "By Rita Recruiter")
    assert not enrolment_stop_by_hand(enrolment=enrolment, replied=replied, by=recruiter)  # already stopped


def test_stopping_skips_its_open_tasks(sequence, candidate, recruiter):
    task_first = step_add(sequence=sequence, kind="task", task_kind="call")
    task_first.position = 0
    task_first.save()
    enrolments_create(sequence=sequence, candidates=type(candidate).objects.filter(pk=candidate.pk), by=recruiter,
                      now=MONDAY_10)
    Enrolment.objects.update(next_position=0)
    enrolments_advance(now=MONDAY_10)
    assert StepRun.objects.get(kind="task").status == RunStatus.OPEN
    enrolment_stop_by_hand(enrolment=_enrolment(), replied=True, by=recruiter)
    assert StepRun.objects.get(kind="task").status == RunStatus.SKIPPED
