import datetime as dt
import io
import json
import zipfile

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from candidates.tests.factories import CandidateFactory, FeedbackFactory, InterviewFactory
from outreach.mail.services import personal_email_queue
from outreach.privacy.access import access_export
from outreach.privacy.models import DataRequest, due_for
from outreach.services import touch_point_log

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("received", "due"), [
    (dt.date(2026, 1, 31), dt.date(2026, 2, 28)), (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),
    (dt.date(2026, 3, 15), dt.date(2026, 4, 15)), (dt.date(2026, 12, 20), dt.date(2027, 1, 20)),
])
def test_a_request_is_due_one_month_after_it_was_received(received, due):
    assert due_for(received) == due


@pytest.fixture
def held(recruiter):
    candidate = CandidateFactory(owner=recruiter, full_name="Zoë <b>Quinn</b>", email="zoe@example.com")
    FeedbackFactory(interview=InterviewFactory(candidate=candidate), author=recruiter, strengths="Clear thinker")
    touch_point_log(candidate=candidate, kind="phone_call", occurred_at=timezone.now(), author=recruiter,
                    summary="Talked about the platform team")
    personal_email_queue(candidate=candidate, sender=recruiter, subject="Catching up", body="Hello Zoë")
    return candidate


def test_the_access_export_holds_every_record_as_json_and_a_readable_page(held):
    archive = zipfile.ZipFile(io.BytesIO(access_export(candidate=held)))
    assert sorted(archive.namelist()) == ["data.json", "index.html"]
    data = json.loads(archive.read("data.json"))
    assert data["profile"]["email"] == "zoe@example.com"
    assert {"Touch points", "Interviews", "Outbound emails", "Check in schedules", "Stage changes"} <= set(
        data["records"])
    assert data["records"]["Touch points"][0]["summary"] == "Talked about the platform team"
    assert data["scorecards"][0]["strengths"] == "Clear thinker"
    page = archive.read("index.html").decode()
    assert "Zoë &lt;b&gt;Quinn&lt;/b&gt;" in page and "Catching up" in page and "<b>Quinn" not in page


def test_admins_see_what_is_due_soon_and_download_the_export(client, admin_user, held):
    client.force_login(admin_user)
    today = timezone.localdate()
    late = DataRequest.objects.create(candidate=held, kind="access", received_on=today - dt.timedelta(days=40))
    soon = DataRequest.objects.create(candidate=held, kind="erasure", received_on=today - dt.timedelta(days=27))
    DataRequest.objects.create(candidate=held, kind="objection", received_on=today)
    url = reverse("admin:privacy_datarequest_changelist")
    assert [r.pk for r in client.get(url + "?due=soon").context["cl"].result_list] == [late.pk, soon.pk]
    assert [r.pk for r in client.get(url + "?due=late").context["cl"].result_list] == [late.pk]
    response = client.post(url, {"action": "download_access_export", "_selected_action": [late.pk]})
    assert response["Content-Type"] == "application/zip"
    assert "data.json" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()


def test_the_due_date_follows_the_received_date_when_corrected(held):
    with time_machine.travel(dt.datetime(2026, 5, 1, tzinfo=dt.UTC)):
        request = DataRequest.objects.create(candidate=held, kind="access", received_on=dt.date(2026, 4, 30))
        assert request.due_on == dt.date(2026, 5, 30) and request.days_left == 29
        request.received_on = dt.date(2026, 4, 1)
        request.save()
        assert request.due_on == dt.date(2026, 5, 1) and request.days_left == 0
