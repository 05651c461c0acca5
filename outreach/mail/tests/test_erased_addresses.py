"""An erased candidate's address: never written to, and mail about it recreates nothing.

What an erasure (outreach/privacy) leaves for the mail channel is the address's keyed hash on
the suppression list and the candidate row under a placeholder address; set up here directly.
"""
import base64
import json
from pathlib import Path

import pytest

from candidates.tests.factories import CandidateFactory
from outreach.mail.choices import MailStatus, SuppressionReason
from outreach.mail.models import InboundEmail, MailEvent, Suppression
from outreach.mail.replies import inbound_email_receive
from outreach.mail.reply_address import reply_address
from outreach.mail.sending import outbound_email_send
from outreach.mail.services import bulk_emails_queue, personal_email_queue
from outreach.mail.suppression import erased_key, erased_placeholder
from outreach.models import TouchPoint

from .factories import draft
from .inbound_mail import reply

pytestmark = pytest.mark.django_db
PAYLOADS = Path(__file__).parent / "payloads"
SECRET = "postmark:9f1c2e7a-webhook-secret"


def _erase(candidate) -> None:
    Suppression.objects.create(email=erased_key(candidate.email), reason=SuppressionReason.ERASED)
    type(candidate).objects.filter(pk=candidate.pk).update(email=erased_placeholder(candidate.pk),
                                                          full_name="Erased candidate", do_not_contact=True)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.MAIL_REPLY_MAILBOX = "replies@nurture.test"
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    settings.MAIL_PROVIDER = "postmark"


def test_someone_added_again_with_the_address_gets_no_email(candidate, recruiter, smtp):
    _erase(candidate)
    again = CandidateFactory(owner=recruiter, full_name="Dana S.", email="Dana@Example.org")
    email = personal_email_queue(candidate=again, sender=recruiter, **draft())
    outbound_email_send(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.suppressed_reason) == (MailStatus.SUPPRESSED, SuppressionReason.ERASED)
    result = bulk_emails_queue(kind="newsletter", candidates=[again], sender=recruiter, subject="News",
                               body="Hello", batch_key="newsletter:1", topic="newsletter")
    assert result.suppressed == [(again, SuppressionReason.ERASED)]
    assert smtp.recorder.messages() == []


def test_a_reply_from_the_erased_address_is_recorded_once_with_nothing_in_it(candidate, recruiter):
    _erase(candidate)
    raw = reply(to="replies@nurture.test", from_="Dana Scott <dana@example.org>", text="Please call me")
    record = inbound_email_receive(raw=raw, source="imap")
    assert (record.kind, record.candidate, record.from_email, record.subject, record.text) == (
        "rejected", None, "", "", "")
    assert record.message_id.startswith("erased:")
    assert inbound_email_receive(raw=raw, source="imap") is None  # read again: still once
    assert not TouchPoint.objects.filter(direction="inbound").exists()
    assert not InboundEmail.objects.filter(from_email__icontains="dana").exists()


def test_an_answer_to_an_email_sent_before_the_erasure_keeps_nothing(candidate, recruiter, smtp):
    email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
    outbound_email_send(email_id=email.pk)
    _erase(candidate)
    raw = reply(to=reply_address(email.pk), from_="Assistant <pa@elsewhere.example>", text="Dana says hi")
    record = inbound_email_receive(raw=raw, source="imap")
    record.refresh_from_db()
    assert (record.kind, record.text, record.from_email, record.candidate) == ("rejected", "", "", None)
    assert not TouchPoint.objects.filter(candidate=candidate, direction="inbound").exists()


def test_a_bounce_for_the_erased_address_keeps_only_its_hash(client, candidate, recruiter, smtp):
    email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
    outbound_email_send(email_id=email.pk)
    email.refresh_from_db()
    _erase(candidate)
    payload = json.loads((PAYLOADS / "postmark_hard_bounce.json").read_text())
    payload.update(Email="dana@example.org", Metadata={"nurture-ref": email.message_id.strip("<>")})
    response = client.post("/mail/webhooks/postmark/tracking/", data=json.dumps(payload),
                           content_type="application/json",
                           HTTP_AUTHORIZATION="Basic " + base64.b64encode(SECRET.encode()).decode())
    assert response.status_code == 200
    event = MailEvent.objects.get()
    assert (event.recipient, event.description, event.email) == (erased_key("dana@example.org"), "", email)
    assert "dana" not in event.event_key
    assert list(Suppression.objects.values_list("email", flat=True)) == [erased_key("dana@example.org")]
