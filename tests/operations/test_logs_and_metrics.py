"""What an operator reads: one JSON log line per request and per task, and the /metrics endpoint."""
import json
import logging

import pytest
from django.urls import reverse

from candidates.tests.factories import CandidateFactory
from nurture.logs import REQUEST_ID_HEADER, json_formatter
from outreach.tasks import record_heartbeat

pytestmark = pytest.mark.django_db


def _lines(caplog, logger: str) -> list[dict]:
    formatter = json_formatter()
    return [json.loads(formatter.format(record)) for record in caplog.records if record.name == logger]


def test_one_json_line_per_request_with_its_id_and_no_personal_data(recruiter_client, recruiter, caplog):
    candidate = CandidateFactory(owner=recruiter, full_name="Ada Lovelace", email="ada@lovelace.example")
    with caplog.at_level(logging.INFO, logger="nurture.request"):
        response = recruiter_client.get(reverse("candidates:detail", args=[candidate.pk]),
                                        {"q": "ada@lovelace.example"})
    [line] = _lines(caplog, "nurture.request")
    assert line["route"] == "candidates:detail"
    assert line["status"] == 200 and line["method"] == "GET" and line["user_id"] == recruiter.pk
    assert line["request_id"] == response[REQUEST_ID_HEADER]
    assert line["level"] == "INFO" and line["duration_ms"] > 0
    text = json.dumps(line)
    assert "ada" not in text.lower() and "lovelace" not in text.lower() and str(candidate.pk) not in line["message"]


def test_a_proxys_request_id_is_kept_and_a_bad_one_replaced(client, caplog):
    kept = client.get(reverse("login"), headers={REQUEST_ID_HEADER: "edge-4f2a9c01"})
    assert kept[REQUEST_ID_HEADER] == "edge-4f2a9c01"
    replaced = client.get(reverse("login"), headers={REQUEST_ID_HEADER: "bad id <script>"})
    assert replaced[REQUEST_ID_HEADER] != "bad id <script>" and len(replaced[REQUEST_ID_HEADER]) == 32


def test_a_public_links_token_never_reaches_the_log(client, caplog):
    with caplog.at_level(logging.INFO):
        client.get("/u/not-a-real-token-but-secret-looking/")
    assert "secret-looking" not in caplog.text
    [line] = _lines(caplog, "nurture.request")
    assert line["route"] == "mail:unsubscribe" and line["status"] == 404


def test_one_line_per_task_with_its_task_id(caplog):
    with caplog.at_level(logging.INFO, logger="nurture.task"):
        result = record_heartbeat.apply()
    [line] = _lines(caplog, "nurture.task")
    assert line["task"] == "outreach.tasks.record_heartbeat" and line["state"] == "succeeded"
    assert line["task_id"] == result.id


def test_metrics_on_loopback_count_requests_and_read_the_queues(client, recruiter_client):
    recruiter_client.get(reverse("candidates:list"))
    response = client.get(reverse("metrics"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert 'nurture_http_requests_total{method="GET",route="candidates:list",status="200"}' in body
    assert 'nurture_digests{status="pending"} 0.0' in body
    assert "nurture_candidate_email_oldest_pending_age_seconds 0.0" in body
    assert "nurture_beat_last_run_age_seconds" in body
    assert "nurture_metrics_source_errors 0.0" in body


@pytest.mark.parametrize("meta", [{"REMOTE_ADDR": "203.0.113.9"},
                                  {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}])
def test_metrics_refuse_other_machines_and_proxied_requests(client, meta):
    assert client.get(reverse("metrics"), **meta).status_code == 404


def test_with_a_token_metrics_answer_only_to_it(client, settings):
    settings.METRICS_TOKEN = "s3cret-metrics-token-for-tests"
    url = reverse("metrics")
    assert client.get(url).status_code == 404
    assert client.get(url, headers={"Authorization": "Bearer wrong"}).status_code == 404
    ok = client.get(url, headers={"Authorization": "Bearer s3cret-metrics-token-for-tests"},
                    REMOTE_ADDR="203.0.113.9")
    assert ok.status_code == 200


def test_metrics_take_no_post(client):
    assert client.post(reverse("metrics")).status_code == 405
