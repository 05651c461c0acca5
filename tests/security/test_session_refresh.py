"""An active session slides its expiry forward every few minutes, not on every page view."""
import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
AGE = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
REFRESH = dt.timedelta(seconds=settings.SESSION_REFRESH_SECONDS)


def _expiry(client) -> dt.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _session_writes(client) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("candidates:list")).status_code == 200
    return [q["sql"] for q in captured.captured_queries
            if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")]


def _log_in(client) -> None:
    response = client.post(reverse("login"), {"username": "rita", "password": "pw-rita-12345"})
    assert response.status_code == 302


def test_pages_soon_after_login_do_not_write_the_session(client, recruiter):
    with time_machine.travel(START, tick=False) as clock:
        _log_in(client)
        for _ in range(3):
            clock.shift(REFRESH / 4)
            assert _session_writes(client) == []
    assert _expiry(client) == START + AGE


def test_a_page_after_the_refresh_interval_pushes_expiry_forward(client, recruiter):
    with time_machine.travel(START, tick=False) as clock:
        _log_in(client)
        clock.shift(REFRESH + dt.timedelta(seconds=1))
        writes = _session_writes(client)
        assert len(writes) == 1 and writes[0].lstrip().upper().startswith("UPDATE")
        assert _expiry(client) == START + REFRESH + dt.timedelta(seconds=1) + AGE
        # ...and the next few minutes are quiet again.
        clock.shift(REFRESH / 2)
        assert _session_writes(client) == []


def test_idle_timeout_errs_by_at_most_the_refresh_interval(client, recruiter):
    with time_machine.travel(START, tick=False) as clock:
        _log_in(client)
        # Last page view just before a refresh was due: the session still lasts at least
        # AGE - REFRESH after it, and ends AGE after the login that last saved it.
        last_seen = START + REFRESH - dt.timedelta(seconds=1)
        clock.move_to(last_seen)
        assert client.get(reverse("candidates:list")).status_code == 200
        assert _expiry(client) - last_seen > AGE - REFRESH
        clock.move_to(START + AGE + dt.timedelta(seconds=1))
        response = client.get(reverse("candidates:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_anonymous_visits_store_no_session(client):
    response = client.get(reverse("candidates:list"))
    assert response.status_code == 302
    assert Session.objects.count() == 0
