"""/healthz: database, broker and the scheduler heartbeat, as JSON; 200 only when all are fine."""
import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu import Connection
from kombu.exceptions import OperationalError

from outreach.heartbeat import heartbeat_record

pytestmark = pytest.mark.django_db
URL = reverse("outreach:healthz")


def test_path_is_healthz():
    assert URL == "/healthz"


def test_all_good_is_200_without_logging_in(client):
    heartbeat_record(now=timezone.now() - dt.timedelta(minutes=4))
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["broker"]["ok"] and body["beat"]["ok"]
    assert body["beat"]["last_run"] is not None
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_beat_never_ran_is_503(client):
    response = client.get(URL)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["beat"] == {"ok": False, "last_run": None, "stale_after_minutes": 30}
    assert body["database"]["ok"] is True


def test_beat_silent_for_more_than_30_minutes_is_503(client):
    heartbeat_record(now=timezone.now() - dt.timedelta(minutes=31))
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["beat"]["ok"] is False


def test_broker_down_is_503_with_the_reason(client):
    heartbeat_record()
    with mock.patch.object(Connection, "ensure_connection", side_effect=OperationalError("Connection refused")):
        response = client.get(URL)
    assert response.status_code == 503
    assert response.json()["broker"] == {"ok": False, "detail": "OperationalError: Connection refused"}


def test_only_reads_are_allowed(client):
    assert client.post(URL).status_code == 405
