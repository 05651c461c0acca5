"""Brute-force protection on the login form (django-axes)."""
import datetime as dt
import logging

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse


def _try(client: Client, username: str, password: str, ip: str = "203.0.113.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def frozen_clock():
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        yield traveller


def _lock_out(client: Client, username: str = "rita", ip: str = "203.0.113.7"):
    return [_try(client, username, "wrong-password", ip) for _ in range(settings.AXES_FAILURE_LIMIT)]


@pytest.mark.django_db
def test_wrong_passwords_below_the_limit_show_the_login_form_again(client, recruiter):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _try(client, "rita", "wrong-password")
        assert response.status_code == 200
        assert "correct username and password" in response.text
    assert _try(client, "rita", "pw-rita-12345").status_code == 302


@pytest.mark.django_db
def test_fifth_failure_locks_the_login_with_a_friendly_page(client, recruiter, frozen_clock):
    last = _lock_out(client)[-1]
    assert last.status_code == 429
    assert "Too many attempts" in last.text
    assert "15 minutes" in last.text
    # Even the right password is refused while locked.
    locked = _try(client, "rita", "pw-rita-12345")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_ends_after_the_cool_off(client, recruiter, frozen_clock):
    _lock_out(client)
    frozen_clock.shift(dt.timedelta(minutes=14))
    assert _try(client, "rita", "pw-rita-12345").status_code == 429
    frozen_clock.shift(dt.timedelta(minutes=2))
    response = _try(client, "rita", "pw-rita-12345")
    assert response.status_code == 302
    assert response["Location"] == reverse("outreach:my_checkins")


@pytest.mark.django_db
def test_trying_again_while_locked_does_not_extend_the_lockout(client, recruiter, frozen_clock):
    _lock_out(client)
    for _ in range(10):
        frozen_clock.shift(dt.timedelta(minutes=1))
        _try(client, "rita", "still-guessing")
    frozen_clock.shift(dt.timedelta(minutes=6))
    assert _try(client, "rita", "pw-rita-12345").status_code == 302


@pytest.mark.django_db
def test_an_attacker_elsewhere_cannot_lock_the_real_user_out(client, recruiter, frozen_clock):
    _lock_out(client, ip="198.51.100.66")
    assert _try(Client(), "rita", "pw-rita-12345", ip="203.0.113.7").status_code == 302


@pytest.mark.django_db
def test_a_successful_login_clears_earlier_failures(client, recruiter, frozen_clock):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _try(client, "rita", "wrong-password")
    assert _try(client, "rita", "pw-rita-12345").status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _try(client, "rita", "wrong-password").status_code == 200


@pytest.mark.django_db
def test_failed_logins_are_recorded_and_logged(client, recruiter, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        _try(client, "rita", "wrong-password")
    attempt = AccessAttempt.objects.get(username="rita")
    assert attempt.failures_since_start == 1
    assert attempt.ip_address == "203.0.113.7"
    assert any("login failure" in record.getMessage().lower() for record in caplog.records)


@pytest.mark.django_db
def test_admin_login_is_throttled_too(client, admin_user, frozen_clock):
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, {"username": "ada", "password": "nope"}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    right_password = client.post(url, {"username": "ada", "password": "pw-ada-12345"}, REMOTE_ADDR="203.0.113.7")
    assert right_password.status_code == 429
