"""The send path over a real SMTP conversation (aiosmtpd on 127.0.0.1): headers, both parts, one message per row."""
import smtplib
from unittest import mock

import pytest
from django.core import mail, signing

from candidates.models import Candidate
from outreach.choices import TouchKind
from outreach.mail.choices import MailKind, MailStatus, Topic
from outreach.mail.models import EmailPreferences, OutboundEmail
from outreach.mail.sending import Throttled, outbound_email_send
from outreach.mail.services import bulk_emails_queue, outbound_email_queue, personal_email_queue
from outreach.models import CheckInSchedule, TouchPoint

from .factories import draft

pytestmark = pytest.mark.django_db
PERSONAL_HEADERS = {"Content-Type", "MIME-Version", "Subject", "From", "To", "Reply-To", "Date", "Message-ID"}
BULK_HEADERS = PERSONAL_HEADERS | {"List-Unsubscribe", "List-Unsubscribe-Post", "List-Id"}


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://crm.example.com"
    settings.MAIL_FROM_ADDRESS = "nurture@mail.example.com"
    settings.MAIL_MESSAGE_ID_DOMAIN = "mail.example.com"
    settings.MAIL_LIST_ID_DOMAIN = "mail.example.com"


def _queue_and_send(django_capture_on_commit_callbacks, **kwargs) -> OutboundEmail:
    # The publish runs on commit; Celery is eager in tests, so the send happens right there.
    with django_capture_on_commit_callbacks(execute=True):
        email = personal_email_queue(**kwargs)
    email.refresh_from_db()
    return email


def test_a_personal_email_goes_out_once_with_the_exact_headers_and_both_parts(
        smtp, candidate, recruiter, django_capture_on_commit_callbacks):
    email = _queue_and_send(django_capture_on_commit_callbacks, candidate=candidate, sender=recruiter, **draft())

    assert email.status == MailStatus.SENT and email.sent_at and email.attempts == 1
    assert smtp.count == 1
    (received,) = smtp.messages()
    raw_headers = smtp.recorder.accepted[0]["raw"].split(b"\r\n\r\n", 1)[0].decode()
    print("\n" + raw_headers)  # the raw headers as they came over SMTP, for the record
    assert set(received.keys()) == PERSONAL_HEADERS
    lines = dict(line.split(": ", 1) for line in raw_headers.split("\r\n") if ": " in line)
    assert lines["From"] == "Rita Recruiter via Nurture <nurture@mail.example.com>"
    assert lines["Reply-To"] == "Rita Recruiter <rita@example.com>"
    assert lines["To"] == "Dana Scott <dana@example.org>"
    assert lines["Subject"] == "Catching up, Dana?"
    assert lines["Message-ID"] == email.message_id and email.message_id.endswith("@mail.example.com>")
    assert smtp.recorder.accepted[0]["rcpt_tos"] == ["dana@example.org"]
    assert smtp.recorder.accepted[0]["mail_from"] == "nurture@mail.example.com"
    assert received.get_content_type() == "multipart/alternative"
    text = received.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = received.get_body(("html",)).get_content()
    assert text.startswith("Hi Dana,\n\nHow are things at **Globex**?\n\nRita Recruiter\n\n-- \n")
    assert "https://crm.example.com/email-preferences/" in text
    assert "<strong" in html and "Globex</strong>" in html
    assert 'style="' in html and "<style" not in html  # the stylesheet was inlined for mail clients
    # The first email carries the privacy notice, and the preferences now say it went out.
    assert "Why you are hearing from us" in text and "Why you are hearing from us" in html
    assert EmailPreferences.objects.get(candidate=candidate).privacy_notice_sent_at == email.sent_at


def test_sending_logs_an_outbound_email_touch_point_that_moves_the_check_in(
        smtp, candidate, recruiter, django_capture_on_commit_callbacks):
    before = CheckInSchedule.objects.get(candidate=candidate).next_due_at
    email = _queue_and_send(django_capture_on_commit_callbacks, candidate=candidate, sender=recruiter, **draft())
    touch = TouchPoint.objects.get(candidate=candidate)
    assert (touch.kind, touch.direction, touch.author, touch.occurred_at) == (
        TouchKind.EMAIL, "outbound", recruiter, email.sent_at)
    assert touch.summary == "Email: Catching up, Dana?"
    assert CheckInSchedule.objects.get(candidate=candidate).next_due_at > before


def test_a_second_email_has_no_privacy_notice(smtp, candidate, recruiter, django_capture_on_commit_callbacks):
    _queue_and_send(django_capture_on_commit_callbacks, candidate=candidate, sender=recruiter, **draft())
    second = _queue_and_send(django_capture_on_commit_callbacks, candidate=candidate, sender=recruiter, **draft())
    assert not second.includes_privacy_notice and "Why you are hearing" not in second.body_text
    assert smtp.count == 2


def test_sending_again_sends_nothing(smtp, candidate, recruiter):
    email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())  # not published: no commit
    assert outbound_email_send(email_id=email.pk) is True
    assert outbound_email_send(email_id=email.pk) is False  # a duplicate task, a redelivery
    assert smtp.count == 1
    assert smtp.recorder.data_commands == 1


def test_a_bulk_email_carries_one_click_unsubscribe_and_a_list_id(smtp, candidate, recruiter):
    result = bulk_emails_queue(kind=MailKind.NEWSLETTER, candidates=[candidate], sender=recruiter,
                               subject="News for {{ first_name }}", body="What we shipped.", batch_key="news:1")
    (email,) = result.queued
    assert outbound_email_send(email_id=email.pk)
    (received,) = smtp.messages()
    assert set(received.keys()) == BULK_HEADERS
    (target,) = [part.strip() for part in received["List-Unsubscribe"].split(",")]
    assert target.startswith("<https://crm.example.com/u/") and target.endswith("/>")
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert received["List-Id"] == "Nurture newsletter <newsletter.mail.example.com>"
    # The token carries the candidate's random link key and the topic: no address, no id.
    token = target.split("/u/")[1].rstrip("/>")
    assert signing.loads(token, salt="mail.unsubscribe") == {
        "k": EmailPreferences.objects.get(candidate=candidate).link_key, "t": "newsletter"}
    assert "Unsubscribe: https://crm.example.com/u/" in received.get_body(("plain",)).get_content()
    assert email.topic == Topic.NEWSLETTER


def test_an_optional_mailto_joins_the_https_unsubscribe(smtp, candidate, recruiter, settings):
    settings.MAIL_UNSUBSCRIBE_MAILTO = "unsubscribe@mail.example.com"
    (email,) = bulk_emails_queue(kind=MailKind.EVENT, candidates=[candidate], sender=recruiter, subject="Meetup",
                                 body="Come along.", batch_key="event:1").queued
    outbound_email_send(email_id=email.pk)
    https, mailto = [part.strip() for part in smtp.messages()[0]["List-Unsubscribe"].split(",")]
    assert https.startswith("<https://") and mailto == "<mailto:unsubscribe@mail.example.com?subject=unsubscribe>"


def test_an_smtp_4xx_is_a_retry_never_a_failure(smtp, candidate, recruiter):
    smtp.recorder.replies = ["451 4.7.1 Throttled, try again later"]
    email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
    with pytest.raises(Throttled):
        outbound_email_send(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == MailStatus.QUEUED and "451" in email.last_error and email.claimed_at is None
    assert outbound_email_send(email_id=email.pk) is True  # the retry
    assert smtp.count == 1


def test_the_task_retries_a_throttled_message_with_backoff_and_sends_it(smtp, candidate, recruiter, settings,
                                                                        django_capture_on_commit_callbacks):
    from celery import current_app

    previous, current_app.conf.task_eager_propagates = current_app.conf.task_eager_propagates, False
    try:
        smtp.recorder.replies = ["421 4.7.0 Slow down", "451 4.7.1 Still busy"]
        email = _queue_and_send(django_capture_on_commit_callbacks, candidate=candidate, sender=recruiter,
                                **draft())
    finally:
        current_app.conf.task_eager_propagates = previous
    assert email.status == MailStatus.SENT and email.attempts == 3
    assert smtp.count == 1 and smtp.recorder.data_commands == 3


def test_an_smtp_5xx_fails_the_message_at_once(smtp, candidate, recruiter):
    smtp.recorder.replies = ["550 5.1.1 No such mailbox"]
    email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
    assert outbound_email_send(email_id=email.pk) is False
    email.refresh_from_db()
    assert email.status == MailStatus.FAILED and "550" in email.last_error and email.finished_at
    assert not TouchPoint.objects.filter(candidate=candidate).exists()


def test_a_dead_server_hands_the_message_back_for_a_retry(settings, candidate, recruiter):
    from .smtp_server import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listening
    email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
    with pytest.raises(OSError):
        outbound_email_send(email_id=email.pk)
    email.refresh_from_db()
    assert email.status == MailStatus.QUEUED and email.attempts == 1


def test_a_failed_retry_after_the_last_attempt_marks_it_failed(candidate, recruiter, monkeypatch):
    from outreach.mail import tasks

    email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())

    def broken(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    monkeypatch.setattr(tasks.send_email, "max_retries", 0)
    assert tasks.send_email.apply(args=[email.pk]).get() is False
    email.refresh_from_db()
    assert email.status == MailStatus.FAILED and "gone" in email.last_error


def test_the_row_is_created_with_what_caused_it_or_not_at_all(candidate, recruiter):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        outbound_email_queue(kind=MailKind.PERSONAL, candidate=candidate, sender=recruiter, **draft())
        raise RuntimeError("the caller failed after queueing")
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []
    assert Candidate.objects.filter(pk=candidate.pk).exists()


def test_a_busy_worker_reuses_its_smtp_connection_and_an_idle_one_opens_afresh(smtp, candidate, recruiter):
    from outreach.mail.sending import SMTP_REUSE_SECONDS

    emails = [personal_email_queue(candidate=candidate, sender=recruiter, **draft()) for _ in range(3)]
    with mock.patch("smtplib.SMTP.connect", autospec=True, side_effect=smtplib.SMTP.connect) as connect:
        outbound_email_send(email_id=emails[0].pk)
        outbound_email_send(email_id=emails[1].pk)
        assert connect.call_count == 1  # one connection for both messages
        from outreach.mail import sending

        sending._connections.used_at -= SMTP_REUSE_SECONDS + 1  # idle for longer than the reuse window
        outbound_email_send(email_id=emails[2].pk)
        assert connect.call_count == 2
    assert smtp.count == 3 and len({m["Message-ID"] for m in smtp.messages()}) == 3
