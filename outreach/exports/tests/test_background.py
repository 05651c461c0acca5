"""Big lists and spreadsheets are built on a worker, kept for their requester only, and expire."""
import csv
import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory
from outreach.exports.building import candidate_export_build
from outreach.exports.models import CandidateExport, ExportStatus
from outreach.exports.services import candidate_exports_expire

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_thresholds(settings, tmp_path):
    settings.EXPORT_BACKGROUND_ROWS = 2
    settings.EXPORT_INLINE_XLSX_ROWS = 1
    settings.EXPORTS_DIR = tmp_path / "exports"


@pytest.fixture
def pool(recruiter, other_recruiter):
    for n in range(4):
        CandidateFactory(owner=recruiter, full_name=f"Top {n}", tier=Tier.TOP, email=f"top{n}@example.com")
    CandidateFactory(owner=other_recruiter, full_name="Warm One", tier=Tier.WARM)


def _ask(client, captured, format="csv", query="tier=1&sort=name", execute=True):
    page = client.get(reverse(f"exports:candidates_{format}") + f"?{query}")
    assert page.status_code == 200 and "prepared in the background" in page.content.decode()
    assert not CandidateExport.objects.exists()  # a GET asks for nothing
    with captured(execute=execute):
        response = client.post(reverse("exports:request"), {"format": format, "query": query})
    export = CandidateExport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exports:detail", args=[export.pk])
    export.refresh_from_db()
    return export


def test_a_big_csv_is_prepared_and_downloaded_by_its_requester(recruiter_client, pool,
                                                               django_capture_on_commit_callbacks):
    export = _ask(recruiter_client, django_capture_on_commit_callbacks)
    assert (export.status, export.rows) == (ExportStatus.READY, 4)
    page = recruiter_client.get(export.get_absolute_url()).content.decode()
    assert "Your export is ready: 4 candidates" in page and 'http-equiv="refresh"' not in page
    response = recruiter_client.get(reverse("exports:download", args=[export.pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="candidates-')
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert [row["Name"] for row in csv.DictReader(io.StringIO(text))] == ["Top 0", "Top 1", "Top 2", "Top 3"]
    assert "Download" in recruiter_client.get(reverse("exports:list")).content.decode()


def test_a_big_spreadsheet_is_written_in_the_background(recruiter_client, pool, django_capture_on_commit_callbacks):
    export = _ask(recruiter_client, django_capture_on_commit_callbacks, format="xlsx", query="owner=mine")
    response = recruiter_client.get(reverse("exports:download", args=[export.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("ID", "Name") and len(rows) == 5  # the header and rita's four
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_page_says_it_is_being_prepared_and_refreshes_until_ready(recruiter_client, pool,
                                                                      django_capture_on_commit_callbacks):
    export = _ask(recruiter_client, django_capture_on_commit_callbacks, execute=False)
    page = recruiter_client.get(export.get_absolute_url()).content.decode()
    assert "Your export is being prepared" in page and 'http-equiv="refresh"' in page
    # Not ready: the download link leads back to the page.
    assert recruiter_client.get(reverse("exports:download", args=[export.pk]))["Location"] == export.get_absolute_url()
    assert candidate_export_build(export_id=export.pk) is True
    assert candidate_export_build(export_id=export.pk) is False  # a redelivered task does nothing
    assert "Your export is ready" in recruiter_client.get(export.get_absolute_url()).content.decode()


def test_nobody_else_sees_or_downloads_it(recruiter_client, client, pool, manager, admin_user, other_recruiter,
                                          django_capture_on_commit_callbacks):
    export = _ask(recruiter_client, django_capture_on_commit_callbacks)
    for person in (other_recruiter, manager, admin_user):
        client.force_login(person)
        assert client.get(export.get_absolute_url()).status_code == 404
        assert client.get(reverse("exports:download", args=[export.pk])).status_code == 404
        assert "Nothing prepared yet" in client.get(reverse("exports:list")).content.decode()
    client.logout()
    assert client.get(reverse("exports:download", args=[export.pk])).status_code == 302  # to the login page


def test_the_worker_applies_the_filters_for_the_requester(client, other_recruiter, pool,
                                                          django_capture_on_commit_callbacks):
    client.force_login(other_recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exports:request"), {"format": "csv", "query": "owner=mine"})
    assert CandidateExport.objects.get().rows == 1  # oscar's own, not rita's


def test_files_expire_after_a_week(recruiter_client, pool, settings, django_capture_on_commit_callbacks):
    start = dt.datetime(2026, 11, 9, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        export = _ask(recruiter_client, django_capture_on_commit_callbacks)
        path = settings.EXPORTS_DIR / export.file_name
        assert path.exists() and export.expires_at == start + dt.timedelta(days=7)
        clock.shift(dt.timedelta(days=6, hours=23))
        assert candidate_exports_expire() == 0 and path.exists()
        clock.shift(dt.timedelta(hours=1))
        assert candidate_exports_expire() == 1
    assert not path.exists()
    export.refresh_from_db()
    assert (export.status, export.file_name) == (ExportStatus.EXPIRED, "")
    assert "This export expired" in recruiter_client.get(export.get_absolute_url()).content.decode()
    assert recruiter_client.get(reverse("exports:download", args=[export.pk])).status_code == 302
    # Listed as expired for a while, then forgotten.
    assert candidate_exports_expire(now=start + dt.timedelta(days=89)) == 0 and CandidateExport.objects.exists()
    candidate_exports_expire(now=start + dt.timedelta(days=91))
    assert not CandidateExport.objects.exists()


def test_a_build_whose_worker_died_is_marked_failed(recruiter_client, pool, django_capture_on_commit_callbacks):
    start = dt.datetime(2026, 11, 9, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        export = _ask(recruiter_client, django_capture_on_commit_callbacks, execute=False)
        CandidateExport.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, started_at=start)
        clock.shift(dt.timedelta(minutes=59))
        candidate_exports_expire()
        export.refresh_from_db()
        assert export.status == ExportStatus.RUNNING
        clock.shift(dt.timedelta(minutes=2))
        candidate_exports_expire()
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert "The worker stopped" in recruiter_client.get(export.get_absolute_url()).content.decode()


def test_a_bad_request_is_a_400_and_saves_nothing(recruiter_client, pool):
    assert recruiter_client.post(reverse("exports:request"), {"format": "pdf", "query": ""}).status_code == 400
    assert recruiter_client.post(reverse("exports:request"), {"format": "csv", "query": "q=" + "x" * 3000}
                                 ).status_code == 400
    assert recruiter_client.get(reverse("exports:request")).status_code == 405
    assert not CandidateExport.objects.exists()


def test_small_lists_still_download_at_once(recruiter_client, pool, settings):
    settings.EXPORT_BACKGROUND_ROWS = 50_000
    settings.EXPORT_INLINE_XLSX_ROWS = 5_000
    assert recruiter_client.get(reverse("exports:candidates_csv"))["Content-Type"].startswith("text/csv")
    assert recruiter_client.get(reverse("exports:candidates_xlsx"))["Content-Disposition"].startswith("attachment")
