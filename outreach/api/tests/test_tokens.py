import pytest
from django.urls import reverse

from outreach.api.models import ApiToken, token_hash
from outreach.api.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_only_as_its_hash(recruiter):
    token, key = api_token_create(user=recruiter, name="Reporting")
    stored = ApiToken.objects.get(pk=token.pk)
    assert key.startswith("nt_") and len(key) > 40
    assert stored.key_hash == token_hash(key) != key
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert stored.prefix == key[:11]


def test_a_token_signs_in_records_its_use_and_stops_working_when_revoked(recruiter, token_client):
    client = token_client(recruiter)
    assert client.get("/api/v1/candidates/").status_code == 200
    token = ApiToken.objects.get()
    assert token.last_used_at is not None
    api_token_revoke(token=token)
    response = client.get("/api/v1/candidates/")
    assert response.status_code == 401 and response.json() == {"detail": "The token is not valid or was revoked."}


def test_a_wrong_token_is_refused(client, db):
    response = client.get("/api/v1/candidates/", HTTP_AUTHORIZATION="Bearer nt_nope")
    assert response.status_code == 401


def test_the_settings_page_shows_a_new_token_once(recruiter_client):
    response = recruiter_client.post(reverse("api:tokens"), {"name": "Sheet"})
    key = response.context["new_key"]
    assert key in response.content.decode()
    again = recruiter_client.get(reverse("api:tokens")).content.decode()
    assert key not in again and "Sheet" in again and key[:11] in again


def test_tokens_are_throttled_per_token(recruiter, token_client, settings):
    from rest_framework.settings import api_settings

    from outreach.api.throttling import PerTokenThrottle

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}}
    PerTokenThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "api_token": "3/minute"}
    try:
        first, second = token_client(recruiter), token_client(recruiter)
        statuses = [first.get("/api/v1/candidates/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert second.get("/api/v1/candidates/").status_code == 200  # another token, its own allowance
    finally:
        PerTokenThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
