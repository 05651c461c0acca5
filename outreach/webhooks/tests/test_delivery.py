"""Webhooks reach a real HTTP server on 127.0.0.1: signed, retried on a clock, sent once, never on rollback."""
import base64
import datetime as dt
import hashlib
import hmac
import json
import threading
import time

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from standardwebhooks import Webhook

from candidates.choices import Stage
from candidates.services import candidate_update
from outreach.choices import TouchKind
from outreach.services import touch_point_log
from outreach.webhooks.delivery import webhook_delivery_attempt
from outreach.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEvent
from outreach.webhooks.services import webhook_deliveries_sweep

from .receiver import Answer

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 9, 10, 0, tzinfo=dt.UTC)


def verify(secret: str, headers: dict, body: bytes, tolerance: int = 300) -> dict:
    """The receiving side, as docs/webhooks.md shows it (standard library only)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    message_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        raise ValueError("too old or too new")
    signed = f"{message_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    for signature in headers["webhook-signature"].split():
        version, _, value = signature.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return json.loads(body)
    raise ValueError("no valid signature")


def _log(candidate, recruiter, captured):
    with captured(execute=True):
        return touch_point_log(candidate=candidate, kind=TouchKind.PHONE_CALL, occurred_at=timezone.now(),
                               author=recruiter, summary="Talked about her move to Berlin")


def _sweep(captured, now=None) -> int:
    with captured(execute=True):
        return webhook_deliveries_sweep(now=now)


def test_a_logged_touch_point_is_posted_once_signed_with_the_documented_payload(
        candidate, recruiter, endpoint, secret, receiver, django_capture_on_commit_callbacks):
    touch = _log(candidate, recruiter, django_capture_on_commit_callbacks)
    [request] = receiver.received
    assert request.path == "/hooks/nurture"
    assert request.headers["content-type"] == "application/json"
    payload = verify(secret, request.headers, request.body)
    assert Webhook(secret).verify(request.body, request.headers) == payload  # the reference verifier agrees
    event = WebhookEvent.objects.get()
    assert payload == {
        "id": event.public_id, "type": "touch_point.logged", "created_at": event.created_at.isoformat(),
        "data": {
            "candidate": {"id": candidate.pk, "url": f"https://crm.example.com/candidates/{candidate.pk}/",
                          "api_url": f"https://crm.example.com/api/v1/candidates/{candidate.pk}/"},
            "touch_point": {"id": touch.pk, "kind": "phone_call", "direction": "outbound",
                            "occurred_at": touch.occurred_at.isoformat()},
        },
    }
    assert request.headers["webhook-id"] == event.public_id
    # No more personal data than the ids: not the note, the name or the email.
    for personal in (b"Berlin", b"Dana", b"dana@example.org"):
        assert personal not in request.body
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status, delivery.error) == (
        DeliveryStatus.DELIVERED, 1, 200, "")
    assert delivery.duration_ms is not None
    # Exactly once: the task delivered again (a redelivered message) and the sweep post nothing more.
    assert webhook_delivery_attempt(delivery_id=delivery.pk) is False
    assert _sweep(django_capture_on_commit_callbacks, now=timezone.now() + dt.timedelta(days=1)) == 0
    assert len(receiver.received) == 1


def test_a_tampered_body_or_another_secret_does_not_verify(candidate, recruiter, endpoint, secret, receiver,
                                                           django_capture_on_commit_callbacks):
    _log(candidate, recruiter, django_capture_on_commit_callbacks)
    [request] = receiver.received
    with pytest.raises(ValueError, match="no valid signature"):
        verify(secret, request.headers, request.body.replace(b'"phone_call"', b'"meeting"'))
    with pytest.raises(ValueError, match="no valid signature"):
        verify("whsec_" + base64.b64encode(b"x" * 24).decode(), request.headers, request.body)


def test_a_stage_change_and_a_reply_are_events_too(candidate, recruiter, endpoint, secret, receiver,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        candidate_update(candidate=candidate, changed_by=recruiter, stage=Stage.RE_ENGAGED)
    [request] = receiver.received
    payload = verify(secret, request.headers, request.body)
    assert payload["type"] == "candidate.stage_changed"
    assert payload["data"]["candidate"]["id"] == candidate.pk
    assert (payload["data"]["from_stage"], payload["data"]["to_stage"]) == (Stage.GOT_AWAY, Stage.RE_ENGAGED)
    # Saving without a change of stage sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        candidate_update(candidate=candidate, changed_by=recruiter, headline="Staff engineer")
    assert len(receiver.received) == 1


def test_an_answer_of_500_is_retried_on_the_back_off_schedule_until_it_succeeds(
        candidate, recruiter, endpoint, secret, receiver, django_capture_on_commit_callbacks):
    receiver.answer(Answer(500), Answer(503), Answer(200))
    with time_machine.travel(START, tick=False) as clock:
        _log(candidate, recruiter, django_capture_on_commit_callbacks)
        delivery = WebhookDelivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.response_status) == (DeliveryStatus.PENDING, 1, 500)
        assert delivery.error == "Answered HTTP 500."
        assert delivery.next_attempt_at == START + dt.timedelta(minutes=1)
        clock.shift(dt.timedelta(seconds=59))
        assert _sweep(django_capture_on_commit_callbacks) == 0  # not due yet
        clock.shift(dt.timedelta(seconds=1))
        assert _sweep(django_capture_on_commit_callbacks) == 1
        delivery.refresh_from_db()
        assert (delivery.attempts, delivery.response_status) == (2, 503)
        assert delivery.next_attempt_at == START + dt.timedelta(minutes=6)
        clock.shift(dt.timedelta(minutes=5))
        assert _sweep(django_capture_on_commit_callbacks) == 1
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.response_status) == (DeliveryStatus.DELIVERED, 3, 200)
        clock.shift(dt.timedelta(hours=12))
        assert _sweep(django_capture_on_commit_callbacks) == 0
    # Three posts of one event, each signed at its own time and verifiable then.
    assert len({request.headers["webhook-id"] for request in receiver.received}) == 1
    timestamps = [int(request.headers["webhook-timestamp"]) for request in receiver.received]
    assert [stamp - timestamps[0] for stamp in timestamps] == [0, 60, 360]
    assert len({request.body for request in receiver.received}) == 1


def test_no_answer_within_the_timeout_is_a_failed_attempt(settings, candidate, recruiter, endpoint, receiver,
                                                          django_capture_on_commit_callbacks):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.3
    receiver.answer(Answer(200, delay=1.5))
    _log(candidate, recruiter, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (DeliveryStatus.PENDING, 1, None)
    assert delivery.error == "No answer within 0.3 s."
    assert delivery.duration_ms < 1500


def test_every_retry_used_up_fails_the_delivery_and_switches_the_endpoint_off_with_a_note(
        settings, smtp, candidate, recruiter, endpoint, receiver, django_capture_on_commit_callbacks):
    settings.WEBHOOK_DISABLE_AFTER = 1
    receiver.answer(Answer(500))
    with time_machine.travel(START, tick=False) as clock:
        _log(candidate, recruiter, django_capture_on_commit_callbacks)
        for delay in (1, 5, 30, 120, 720):  # minutes
            clock.shift(dt.timedelta(minutes=delay))
            assert _sweep(django_capture_on_commit_callbacks) == 1
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 6)
    assert len(receiver.received) == 6
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert "1 deliveries in a row failed after every retry. Last: Answered HTTP 500." in endpoint.disabled_reason
    [note] = smtp.recorder.messages()
    assert note["To"] == "ada@example.com"
    assert note["Subject"] == "Webhook switched off: Warehouse"
    assert f"https://crm.example.com/settings/webhooks/{endpoint.pk}/" in note.get_content()
    # While it is off, nothing is recorded for it or sent.
    _log(candidate, recruiter, django_capture_on_commit_callbacks)
    assert WebhookDelivery.objects.count() == 1 and len(receiver.received) == 6


def test_a_success_resets_the_count_of_failed_deliveries(candidate, recruiter, endpoint, receiver,
                                                         django_capture_on_commit_callbacks):
    type(endpoint).objects.filter(pk=endpoint.pk).update(failed_in_a_row=3)
    _log(candidate, recruiter, django_capture_on_commit_callbacks)
    endpoint.refresh_from_db()
    assert endpoint.failed_in_a_row == 0 and endpoint.is_active


def test_an_endpoint_only_gets_the_events_it_chose(candidate, recruiter, endpoint, receiver,
                                                   django_capture_on_commit_callbacks):
    type(endpoint).objects.filter(pk=endpoint.pk).update(events=["candidate.replied"])
    _log(candidate, recruiter, django_capture_on_commit_callbacks)
    assert receiver.received == [] and not WebhookEvent.objects.exists()


def test_a_worker_that_died_mid_send_is_recovered_by_the_sweep(candidate, recruiter, endpoint, receiver):
    with time_machine.travel(START, tick=False) as clock:
        touch_point_log(candidate=candidate, kind=TouchKind.PHONE_CALL, occurred_at=timezone.now(), author=recruiter)
        # Claimed by a worker that then died (no on-commit publish in this test's transaction).
        WebhookDelivery.objects.update(status=DeliveryStatus.SENDING, claimed_at=START, attempts=1)
        clock.shift(dt.timedelta(minutes=4))
        assert webhook_deliveries_sweep() == 0  # it may still be working
        clock.shift(dt.timedelta(minutes=2))
        with transaction.atomic():
            assert webhook_deliveries_sweep() == 1
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == DeliveryStatus.PENDING
        assert webhook_delivery_attempt(delivery_id=delivery.pk) is True
    assert len(receiver.received) == 1


@pytest.mark.django_db(transaction=True)
def test_nothing_is_written_or_sent_when_the_change_rolls_back(candidate, recruiter, endpoint, receiver):
    with pytest.raises(RuntimeError), transaction.atomic():
        touch_point_log(candidate=candidate, kind=TouchKind.PHONE_CALL, occurred_at=timezone.now(), author=recruiter)
        assert WebhookDelivery.objects.count() == 1  # written with the change...
        raise RuntimeError("the rest of the change failed")
    assert not WebhookEvent.objects.exists() and not WebhookDelivery.objects.exists()  # ...and gone with it
    time.sleep(0.2)
    assert receiver.received == []
    # The same change committed is posted at commit (the real on_commit, no capturing).
    touch_point_log(candidate=candidate, kind=TouchKind.PHONE_CALL, occurred_at=timezone.now(), author=recruiter)
    assert len(receiver.received) == 1
    assert WebhookDelivery.objects.get().status == DeliveryStatus.DELIVERED


@pytest.mark.django_db(transaction=True)
def test_two_workers_handed_the_same_delivery_post_it_once(candidate, recruiter, endpoint, receiver):
    receiver.answer(Answer(200, delay=0.3))
    with transaction.atomic():
        touch_point_log(candidate=candidate, kind=TouchKind.PHONE_CALL, occurred_at=timezone.now(), author=recruiter)
        delivery_id = WebhookDelivery.objects.get().pk
        transaction.set_rollback(False)
    # The on-commit publish already delivered it; hand it back as if that task never ran, then race.
    WebhookDelivery.objects.update(status=DeliveryStatus.PENDING, attempts=0)
    receiver.received.clear()
    results, barrier = [], threading.Barrier(2)

    def worker():
        from django.db import connection
        barrier.wait()
        results.append(webhook_delivery_attempt(delivery_id=delivery_id))
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert len(receiver.received) == 1
