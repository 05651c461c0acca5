"""Postmark's tracking webhook with its real payloads, posted to the real URL with the webhook secret."""
import base64
import datetime as dt
import json
from pathlib import Path

import pytest
from django.urls import reverse

from outreach.mail.choices import EventKind, MailStatus, SuppressionReason
from outreach.mail.models import MailEvent, OutboundEmail, Suppression
from outreach.mail.sending import outbound_email_send
from outreach.mail.services import personal_email_queue

from .factories import draft

pytestmark = pytest.mark.django_db
PAYLOADS = Path(__file__).parent / "payloads"
URL = "/mail/webhooks/postmark/tracking/"
SECRET = "postmark:9f1c2e7a-webhook-secret"


@pytest.fixture(autouse=True)
def _webhook_on(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    settings.MAIL_PROVIDER = "postmark"


@pytest.fixture
def sent(candidate, recruiter, smtp) -> OutboundEmail:
    email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
    outbound_email_send(email_id=email.pk)
    email.refresh_from_db()
    return email


def _payload(name: str, email: OutboundEmail | None = None, **changes) -> dict:
    payload = json.loads((PAYLOADS / f"postmark_{name}.json").read_text())
    if email is not None:
        for key in ("Email", "Recipient"):
            if key in payload:
                payload[key] = email.to_email
        # What Postmark echoes from the X-PM-Metadata-nurture-ref header we sent.
        payload["Metadata"] = {"nurture-ref": email.message_id.strip("<>")}
    payload.update(changes)
    return payload


def _post(client, payload, secret=SECRET):
    auth = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()} if secret else {}
    return client.post(URL, data=json.dumps(payload), content_type="application/json", **auth)


def test_the_url_is_the_routed_one():
    assert reverse("mail:postmark_tracking") == URL


def test_the_sent_message_names_itself_for_postmark(sent, smtp):
    assert smtp.messages()[0]["X-PM-Metadata-nurture-ref"] == sent.message_id.strip("<>")


def test_a_hard_bounce_suppresses_the_address_and_marks_the_message(client, sent):
    response = _post(client, _payload("hard_bounce", sent))
    assert response.status_code == 200
    sent.refresh_from_db()
    assert sent.status == MailStatus.BOUNCED and sent.last_event == EventKind.HARD_BOUNCE
    assert sent.finished_at == dt.datetime(2019, 11, 5, 16, 33, 54, 907025, tzinfo=dt.UTC)
    suppression = Suppression.objects.get(email="dana@example.org")
    assert suppression.reason == SuppressionReason.HARD_BOUNCE and "Postmark" in suppression.note
    event = MailEvent.objects.get()
    assert (event.email, event.kind, event.provider) == (sent, EventKind.HARD_BOUNCE, "Postmark")
    assert "mailbox not found" in event.description


def test_a_complaint_suppresses_the_address(client, sent):
    assert _post(client, _payload("spam_complaint", sent)).status_code == 200
    sent.refresh_from_db()
    assert sent.status == MailStatus.COMPLAINED
    assert Suppression.objects.get(email="dana@example.org").reason == SuppressionReason.COMPLAINT


def test_a_delivery_is_recorded_on_the_message(client, sent):
    assert _post(client, _payload("delivery", sent)).status_code == 200
    sent.refresh_from_db()
    assert sent.status == MailStatus.SENT and sent.delivered_at and sent.last_event == EventKind.DELIVERED
    assert not Suppression.objects.exists()


def test_a_deferral_is_recorded_and_suppresses_nothing(client, sent):
    _post(client, _payload("transient", sent))
    sent.refresh_from_db()
    assert sent.last_event == EventKind.DEFERRED and sent.status == MailStatus.SENT
    assert not Suppression.objects.exists()


def test_a_repeated_event_is_recorded_once(client, sent):
    for _ in range(3):
        assert _post(client, _payload("delivery", sent)).status_code == 200
        assert _post(client, _payload("soft_bounce", sent)).status_code == 200
    assert MailEvent.objects.filter(kind=EventKind.DELIVERED).count() == 1
    assert MailEvent.objects.filter(kind=EventKind.SOFT_BOUNCE).count() == 1
    assert not Suppression.objects.exists()  # one soft bounce, however often it is told


def test_three_soft_bounces_in_30_days_suppress_the_address(client, sent):
    for day, event_id in ((1, 901), (12, 902)):
        _post(client, _payload("soft_bounce", sent, ID=event_id, BouncedAt=f"2026-11-{day:02d}T10:00:00Z"))
    assert not Suppression.objects.exists()
    _post(client, _payload("soft_bounce", sent, ID=903, BouncedAt="2026-11-28T10:00:00Z"))
    assert Suppression.objects.get(email="dana@example.org").reason == SuppressionReason.SOFT_BOUNCES


def test_soft_bounces_spread_over_more_than_30_days_do_not(client, sent):
    for month, event_id in ((8, 911), (9, 912), (10, 913)):
        _post(client, _payload("soft_bounce", sent, ID=event_id, BouncedAt=f"2026-{month:02d}-15T10:00:00Z"))
    assert not Suppression.objects.exists()


def test_the_next_send_to_a_bounced_address_is_suppressed(client, sent, candidate, recruiter, smtp):
    _post(client, _payload("hard_bounce", sent))
    later = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
    assert outbound_email_send(email_id=later.pk) is False
    later.refresh_from_db()
    assert later.suppressed_reason == SuppressionReason.HARD_BOUNCE and smtp.count == 1


def test_an_event_for_a_message_we_cannot_find_still_suppresses_the_address(client, db):
    assert _post(client, _payload("hard_bounce", None, Email="Someone@Example.com")).status_code == 200
    assert Suppression.objects.get().email == "someone@example.com"
    assert MailEvent.objects.get().email is None


@pytest.mark.parametrize("secret", [None, "postmark:wrong"], ids=["no secret", "wrong secret"])
def test_a_post_without_the_secret_is_refused_and_records_nothing(client, secret):
    response = _post(client, _payload("hard_bounce"), secret=secret)
    assert response.status_code == 400
    assert not MailEvent.objects.exists() and not Suppression.objects.exists()


def test_without_a_configured_secret_the_webhook_is_off(client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": ""}
    assert _post(client, _payload("hard_bounce")).status_code == 404
    assert not Suppression.objects.exists()


@pytest.mark.parametrize("body", ["not json", "[]", json.dumps({"FromFull": {}})], ids=["junk", "list", "inbound"])
def test_junk_is_a_400_never_a_500(client, body):
    auth = "Basic " + base64.b64encode(SECRET.encode()).decode()
    response = client.post(URL, data=body, content_type="application/json", HTTP_AUTHORIZATION=auth)
    assert response.status_code in (200, 400)
    assert not MailEvent.objects.exists()


def test_an_oversized_post_is_refused_before_it_is_read(client):
    auth = "Basic " + base64.b64encode(SECRET.encode()).decode()
    response = client.post(URL, data="x" * (300 * 1024), content_type="application/json", HTTP_AUTHORIZATION=auth)
    assert response.status_code == 413


def test_the_webhook_takes_no_csrf_token_and_no_get(client, sent):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert _post(strict, _payload("delivery", sent)).status_code == 200
    assert strict.get(URL).status_code == 405
