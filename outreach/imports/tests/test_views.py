"""The import pages as a recruiter uses them: upload, columns, preview, confirm, progress, undo."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import Candidate
from outreach.imports.models import ImportMapping, ImportRun, ImportStatus
from outreach.imports.reading import MAX_BYTES

pytestmark = pytest.mark.django_db

CSV = "\ufeffFirst Name;Last Name;E-mail;Company;Position\nAda;Lovelace;ada@example.com;Engines;Engineer\nBob;;bob@;;\n"


def _upload(client, data: bytes | None = None, name="people.csv", **extra):
    upload = SimpleUploadedFile(name, CSV.encode() if data is None else data)
    return client.post(reverse("imports:create"), {"file": upload, **extra})


def _columns(run, **choices):
    data = {f"column_{i}": run.mapping[h] for i, h in enumerate(run.headers)}
    data.update({"email_policy": "skip", "linkedin_policy": "skip", "likely_policy": "create"}, **choices)
    return data


def test_upload_guesses_the_columns_and_the_preview_shows_each_rows_fate(recruiter_client, recruiter):
    response = _upload(recruiter_client)
    run = ImportRun.objects.get()
    assert response.url == reverse("imports:mapping", args=[run.pk])
    page = recruiter_client.get(response.url).content.decode()
    assert "e.g. Ada, Bob" in page  # the first rows' values help the recruiter recognise the column
    response = recruiter_client.post(response.url, _columns(run, save_as="Old ATS"))
    assert response.url == run.get_absolute_url()
    page = recruiter_client.get(response.url).content.decode()
    assert "1 to create" in page and "1 with errors" in page
    assert "row 3: email &#x27;bob@&#x27; is not valid" in page
    assert not Candidate.objects.exists()
    assert ImportMapping.objects.get(owner=recruiter, name="Old ATS").mapping["E-mail"] == "email"
    csv_rows = b"".join(recruiter_client.get(reverse("imports:preview_csv", args=[run.pk])).streaming_content)
    assert csv_rows.decode().splitlines() == [
        "row,action,reason", "2,create,", "3,error,row 3: email 'bob@' is not valid"]


def test_confirm_progress_and_undo(recruiter_client, django_capture_on_commit_callbacks):
    _upload(recruiter_client)
    run = ImportRun.objects.get()
    recruiter_client.post(reverse("imports:mapping", args=[run.pk]), _columns(run))
    with django_capture_on_commit_callbacks(execute=True):
        recruiter_client.post(reverse("imports:confirm", args=[run.pk]))
    progress = recruiter_client.get(reverse("imports:progress", args=[run.pk])).json()
    assert progress | {"status_label": ""} == {
        "status": "done", "status_label": "", "processed_rows": 2, "total_rows": 2, "created_count": 1,
        "updated_count": 0, "skipped_count": 0, "error_count": 1, "failure": "", "percent": 100, "finished": True}
    assert "Undo this import" in recruiter_client.get(run.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        recruiter_client.post(reverse("imports:undo", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.UNDONE and not Candidate.objects.exists()


def test_a_file_over_50_mb_is_refused_inline(recruiter_client):
    response = _upload(recruiter_client, data=b"x" * (MAX_BYTES + 10))
    assert response.status_code == 200
    assert "imports take files up to 50 MB" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_mapping_without_email_is_refused_inline(recruiter_client):
    _upload(recruiter_client)
    run = ImportRun.objects.get()
    data = _columns(run)
    data["column_2"] = ""
    response = recruiter_client.post(reverse("imports:mapping", args=[run.pk]), data)
    assert "Choose the column that holds the email address" in response.content.decode()
    run.refresh_from_db()
    assert run.status == ImportStatus.MAPPING


def test_a_saved_mapping_is_offered_and_used(recruiter_client, recruiter):
    saved = ImportMapping.objects.create(owner=recruiter, name="Odd sheet",
                                         mapping={"Col A": "full_name", "Col B": "email"})
    _upload(recruiter_client, data=b"Col A,Col B\nAda,ada@example.com\n", saved_mapping=saved.pk)
    assert ImportRun.objects.get().mapping == {"Col A": "full_name", "Col B": "email"}


def test_recruiters_see_only_their_own_imports(client, recruiter, other_recruiter, manager):
    client.force_login(recruiter)
    _upload(client)
    run = ImportRun.objects.get()
    client.force_login(other_recruiter)
    assert client.get(run.get_absolute_url()).status_code == 404
    assert client.get(reverse("imports:list")).context["runs"].count() == 0
    client.force_login(manager)
    assert client.get(run.get_absolute_url()).status_code == 200


def test_the_import_list_is_a_fixed_number_of_queries(recruiter_client, recruiter, django_assert_max_num_queries):
    for n in range(5):
        ImportRun.objects.create(created_by=recruiter, filename=f"f{n}.csv")
    with django_assert_max_num_queries(8):
        assert recruiter_client.get(reverse("imports:list")).status_code == 200
