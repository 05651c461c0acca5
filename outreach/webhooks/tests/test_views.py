"""Settings → Webhooks: admins only, the secret shown once, refused addresses, the log, ping, send again."""
import pytest
from django.urls import reverse

from outreach.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

from .test_delivery import verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _form(url, events=("touch_point.logged",)):
    return {"url": url, "description": "Warehouse", "events": list(events)}


def test_an_admin_adds_an_endpoint_and_sees_its_secret_once(admin_client, receiver):
    response = admin_client.post(reverse("webhooks:create"), _form(receiver.url))
    endpoint = WebhookEndpoint.objects.get()
    page = response.content.decode()
    assert endpoint.secret.startswith("whsec_") and endpoint.secret in page
    assert "cannot be shown again" in page
    again = admin_client.get(reverse("webhooks:detail", args=[endpoint.pk])).content.decode()
    assert endpoint.secret not in again and "Warehouse" in again
    listing = admin_client.get(reverse("webhooks:list")).content.decode()
    assert endpoint.secret not in listing and "A touch point is logged" in listing
    assert "Webhooks" in admin_client.get(reverse("outreach:my_settings")).content.decode()


@pytest.mark.parametrize(("url", "reason"), [
    ("http://10.0.0.5/hook", "private or local network"),
    ("https://169.254.169.254/latest/meta-data/", "private or local network"),
    ("https://192.168.1.20/hook", "private or local network"),
    ("https://[::ffff:10.0.0.1]/hook", "private or local network"),
    ("ftp://example.com/hook", "http(s)://"),
    ("https://user:pw@127.0.0.1/hook", "user name and password"),
])
def test_addresses_on_private_networks_are_refused_inline(admin_client, url, reason):
    response = admin_client.post(reverse("webhooks:create"), _form(url))
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_loopback_is_refused_unless_the_setting_allows_it(settings, admin_client, receiver):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    for url in (receiver.url, "https://127.0.0.1/hook", "https://localhost/hook"):
        response = admin_client.post(reverse("webhooks:create"), _form(url))
        assert "private or local network" in response.content.decode(), url
    assert not WebhookEndpoint.objects.exists()


def test_an_address_allowed_then_refused_is_not_posted_to(settings, endpoint, receiver, candidate, recruiter,
                                                          django_capture_on_commit_callbacks):
    from .test_delivery import _log

    settings.WEBHOOK_ALLOW_LOOPBACK = False  # as on a production server
    _log(candidate, recruiter, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.error.startswith("Not sent: That address is on a private or local network")
    assert receiver.received == []


def test_choosing_no_event_is_an_inline_error(admin_client, receiver):
    response = admin_client.post(reverse("webhooks:create"), _form(receiver.url, events=()))
    assert "Choose at least one event to send." in response.content.decode()
    response = admin_client.post(reverse("webhooks:create"), _form(receiver.url, events=("nope",)))
    assert "Select a valid choice" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_recruiters_and_managers_cannot_see_webhooks(recruiter_client, manager, endpoint):
    assert recruiter_client.get(reverse("webhooks:list")).status_code == 403
    assert recruiter_client.post(reverse("webhooks:ping", args=[endpoint.pk])).status_code == 403
    recruiter_client.force_login(manager)
    assert recruiter_client.get(reverse("webhooks:detail", args=[endpoint.pk])).status_code == 403
    assert "Webhooks" not in recruiter_client.get(reverse("outreach:my_settings")).content.decode()


def test_a_test_ping_and_send_again_reach_the_endpoint_with_the_same_event_id(
        admin_client, endpoint, secret, receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("webhooks:ping", args=[endpoint.pk]))
    [first] = receiver.received
    assert verify(secret, first.headers, first.body)["type"] == "ping"
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("webhooks:send_again", args=[delivery.pk]))
    assert response.status_code == 302
    second = receiver.received[1]
    assert second.headers["webhook-id"] == first.headers["webhook-id"] and second.body == first.body
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 1)


def test_the_delivery_log_shows_each_attempts_outcome_in_a_fixed_number_of_queries(
        admin_client, endpoint, receiver, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    from .receiver import Answer

    receiver.answer(Answer(500))
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            admin_client.post(reverse("webhooks:ping", args=[endpoint.pk]))
    with django_assert_max_num_queries(8):
        page = admin_client.get(reverse("webhooks:detail", args=[endpoint.pk])).content.decode()
    assert page.count("Answered HTTP 500.") == 5
    assert page.count("<div>Test ping</div>") == 5


def test_switching_off_and_on_again(admin_client, endpoint):
    admin_client.post(reverse("webhooks:set_active", args=[endpoint.pk]), {"active": "off"})
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert "This webhook is off" in admin_client.get(reverse("webhooks:detail", args=[endpoint.pk])).content.decode()
    admin_client.post(reverse("webhooks:set_active", args=[endpoint.pk]), {"active": "on"})
    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.disabled_reason == ""


def test_a_new_secret_replaces_the_old_one(admin_client, endpoint, secret):
    page = admin_client.post(reverse("webhooks:roll_secret", args=[endpoint.pk])).content.decode()
    endpoint.refresh_from_db()
    assert endpoint.secret != secret and endpoint.secret in page


def test_editing_and_deleting(admin_client, endpoint, receiver):
    response = admin_client.post(reverse("webhooks:update", args=[endpoint.pk]),
                                 _form(receiver.url, events=("candidate.replied",)))
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.events == ["candidate.replied"]
    admin_client.post(reverse("webhooks:delete", args=[endpoint.pk]))
    assert not WebhookEndpoint.objects.exists()
