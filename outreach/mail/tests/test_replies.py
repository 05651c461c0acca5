"""Replies coming in: recorded once, matched by the first rule that fits, on the timeline, forwarded once."""
import base64
import json
from pathlib import Path

import pytest

from outreach.choices import Direction, TouchKind
from outreach.mail.choices import MailStatus, SuppressionReason
from outreach.mail.forwarding import reply_forward_send
from outreach.mail.models import ForwardStatus, InboundEmail, MatchRule, OutboundEmail, Suppression
from outreach.mail.replies import inbound_email_receive
from outreach.mail.reply_address import email_id_from_addresses, reply_address
from outreach.mail.sending import outbound_email_send
from outreach.mail.services import personal_email_queue
from outreach.models import CheckInSchedule, TouchPoint

from .factories import draft
from .inbound_mail import bounce, out_of_office, reply

pytestmark = pytest.mark.django_db
PAYLOADS = Path(__file__).parent / "payloads"
SECRET = "postmark:inbound-webhook-secret"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://crm.example.com"
    settings.MAIL_MESSAGE_ID_DOMAIN = "mail.example.com"
    settings.MAIL_REPLY_MAILBOX = "replies@nurture.test"


@pytest.fixture
def sent(candidate, recruiter, smtp) -> OutboundEmail:
    email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
    outbound_email_send(email_id=email.pk)
    email.refresh_from_db()
    return email


def _receive(raw, django_capture_on_commit_callbacks, source="imap"):
    with django_capture_on_commit_callbacks(execute=True):
        return inbound_email_receive(raw=raw, source=source)


def test_the_reply_address_names_one_message_and_cannot_be_forged(sent, smtp):
    address = reply_address(sent.pk)
    assert address.startswith(f"replies+r{sent.pk}-") and address.endswith("@nurture.test")
    assert smtp.recorder.messages()[0]["Reply-To"].addresses[0].addr_spec == address
    assert email_id_from_addresses([f"Rita <{address}>"]) == sent.pk
    forged = address.replace(f"+r{sent.pk}-", f"+r{sent.pk + 1}-")
    assert email_id_from_addresses([forged]) is None


def test_a_reply_to_the_reply_address_becomes_an_inbound_touch_point_and_is_forwarded_once(
        sent, candidate, recruiter, smtp, django_capture_on_commit_callbacks):
    record = _receive(reply(to=reply_address(sent.pk)), django_capture_on_commit_callbacks)
    assert (record.kind, record.matched_by, record.candidate, record.reply_to_email) == (
        "reply", MatchRule.REPLY_ADDRESS, candidate, sent)
    touch = TouchPoint.objects.get(candidate=candidate, direction=Direction.INBOUND)
    assert touch.kind == TouchKind.EMAIL
    assert touch.summary == "Replied: Yes, let's talk next week!"  # the quoted history is gone
    schedule = CheckInSchedule.objects.get(candidate=candidate)
    assert schedule.last_touch_at == touch.occurred_at  # the cadence starts afresh
    record.refresh_from_db()
    assert record.forward_status == ForwardStatus.SENT
    forward = smtp.recorder.messages()[-1]
    assert forward["To"] == recruiter.email
    assert forward["Reply-To"].addresses[0].addr_spec == candidate.email
    assert "Yes, let's talk next week!" in forward.get_content()
    assert f"https://crm.example.com{candidate.get_absolute_url()}" in forward.get_content()
    # Forwarding again (a redelivered task) sends nothing more.
    assert reply_forward_send(inbound_id=record.pk) is False
    assert len(smtp.recorder.messages()) == 2


def test_the_same_reply_twice_is_recorded_once(sent, django_capture_on_commit_callbacks):
    raw = reply(to=reply_address(sent.pk))
    assert _receive(raw, django_capture_on_commit_callbacks) is not None
    assert _receive(raw, django_capture_on_commit_callbacks) is None
    assert InboundEmail.objects.count() == 1
    assert TouchPoint.objects.filter(direction=Direction.INBOUND).count() == 1


def test_without_a_reply_address_in_reply_to_then_references_then_the_sender_match(
        sent, candidate, settings, django_capture_on_commit_callbacks):
    settings.MAIL_REPLY_MAILBOX = ""
    by_header = _receive(reply(to="rita@example.com", in_reply_to=sent.message_id),
                         django_capture_on_commit_callbacks)
    assert (by_header.matched_by, by_header.reply_to_email) == (MatchRule.IN_REPLY_TO, sent)
    by_refs = _receive(reply(to="rita@example.com", references=f"<older@x> {sent.message_id}"),
                       django_capture_on_commit_callbacks)
    assert (by_refs.matched_by, by_refs.reply_to_email) == (MatchRule.REFERENCES, sent)
    by_sender = _receive(reply(to="rita@example.com", from_="Dana Scott <DANA@Example.org>"),
                         django_capture_on_commit_callbacks)
    assert (by_sender.matched_by, by_sender.candidate, by_sender.reply_to_email) == (MatchRule.SENDER, candidate, None)
    stranger = _receive(reply(to="rita@example.com", from_="who@else.org"), django_capture_on_commit_callbacks)
    assert (stranger.matched_by, stranger.candidate, stranger.forward_status) == (MatchRule.NONE, None, "")


def test_an_out_of_office_reply_is_recorded_but_moves_nothing(sent, candidate, smtp,
                                                             django_capture_on_commit_callbacks):
    record = _receive(out_of_office(to=reply_address(sent.pk)), django_capture_on_commit_callbacks)
    assert (record.kind, record.candidate) == ("auto_reply", candidate)
    assert not TouchPoint.objects.filter(direction=Direction.INBOUND).exists()
    assert record.forward_status == ""
    assert len(smtp.recorder.messages()) == 1


def test_a_bounce_marks_the_message_bounced_and_suppresses_the_address(sent, django_capture_on_commit_callbacks):
    record = _receive(bounce(original_message_id=sent.message_id, recipient=sent.to_email),
                      django_capture_on_commit_callbacks)
    assert record.kind == "bounce"
    sent.refresh_from_db()
    assert sent.status == MailStatus.BOUNCED
    assert Suppression.objects.get(email=sent.to_email).reason == SuppressionReason.HARD_BOUNCE


def _post_inbound(client, payload, secret=SECRET):
    auth = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()} if secret else {}
    return client.post("/mail/webhooks/postmark/inbound/", data=json.dumps(payload),
                       content_type="application/json", **auth)


def test_postmarks_inbound_webhook_records_the_reply_once(client, settings, sent, candidate,
                                                         django_capture_on_commit_callbacks):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    payload = json.loads((PAYLOADS / "postmark_inbound.json").read_text())
    address = reply_address(sent.pk)
    payload["To"] = payload["OriginalRecipient"] = address
    payload["ToFull"][0]["Email"] = address
    with django_capture_on_commit_callbacks(execute=True):
        assert _post_inbound(client, payload).status_code == 200
        assert _post_inbound(client, payload).status_code == 200  # Postmark retries
    record = InboundEmail.objects.get()
    assert (record.source, record.matched_by, record.candidate) == ("webhook", MatchRule.REPLY_ADDRESS, candidate)
    assert record.text == "Happy to chat on Thursday."
    assert _post_inbound(client, payload, secret="postmark:wrong").status_code == 400
    assert _post_inbound(client, {"RecordType": "Bounce"}).status_code == 400
    settings.ANYMAIL = {"WEBHOOK_SECRET": ""}
    assert _post_inbound(client, payload, secret="").status_code == 404
