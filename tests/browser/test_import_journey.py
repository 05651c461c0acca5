"""Importing a spreadsheet in a real browser: preview, confirm, the progress bar, undo.

The import runs on a real Celery worker (Redis), as in production, a hundred rows a chunk,
so the page really polls its progress while the worker imports.
"""
import pytest
from playwright.sync_api import expect

from candidates.models import Candidate
from candidates.tests.factories import CandidateFactory
from outreach.imports import planning
from outreach.imports.models import ImportRun, ImportStatus
from outreach.tests.workers import in_process_worker, require_redis

from .conftest import log_in

pytestmark = pytest.mark.browser

BROKEN = ["bob@", "not an email", "", "x@y", "@example.com"]


def _spreadsheet() -> bytes:
    """1,000 rows: 950 new people, 30 we already have (their emails in capitals), 20 broken."""
    lines = ["First Name;Last Name;E-mail;Company;Position;Tags"]
    for n in range(1000):
        if n < 30:
            email = f"KNOWN{n}@EXAMPLE.COM"
        elif n < 50:
            email = BROKEN[n % len(BROKEN)]
        else:
            email = f"new{n}@example.com"
        lines.append(f'Person;Number {n};{email};Acme {n % 9};Engineer;"python, sql"')
    return "\n".join(lines).encode("utf-8-sig")


@pytest.fixture
def known(recruiter):
    return [CandidateFactory(owner=recruiter, full_name=f"Known {n}", email=f"known{n}@example.com")
            for n in range(30)]


@pytest.fixture
def worker(monkeypatch):
    require_redis()
    monkeypatch.setattr(planning, "CHUNK_ROWS", 100)
    with in_process_worker() as finished:
        yield finished


def test_a_recruiter_imports_a_thousand_rows_reads_the_preview_watches_it_run_and_undoes_it(page, known, worker):
    shots = page.screenshots
    log_in(page, "rita", "pw-rita-12345")
    page.goto("/candidates/")
    page.get_by_role("link", name="Import").click()
    expect(page.get_by_text("No imports yet.")).to_be_visible()
    page.get_by_role("link", name="Import a spreadsheet").click()
    page.get_by_label("Spreadsheet").set_input_files(
        files=[{"name": "ats-export.csv", "mimeType": "text/csv", "buffer": _spreadsheet()}])
    shots.take("import-upload")
    page.get_by_role("button", name="Upload and choose columns").click()

    expect(page.get_by_role("heading", name="Choose what each column holds")).to_be_visible()
    expect(page.get_by_label("E-mail")).to_have_value("email")
    expect(page.get_by_label("First Name")).to_have_value("first_name")
    expect(page.get_by_label("Position")).to_have_value("current_title")
    expect(page.get_by_label("Tags")).to_have_value("skills")
    page.get_by_label("Same email as an existing candidate").select_option("skip")
    shots.take("import-columns")
    page.get_by_role("button", name="Preview the import").click()

    expect(page.locator("#preview-counts")).to_contain_text("950 to create")
    expect(page.locator("#preview-counts")).to_contain_text("30 to skip")
    expect(page.locator("#preview-counts")).to_contain_text("20 with errors")
    rows = page.locator("#preview-rows")
    expect(rows.get_by_role("row", name="32 Error row 32: email 'bob@' is not valid")).to_be_visible()
    expect(rows.get_by_role("row", name="34 Error row 34: the email is missing")).to_be_visible()
    expect(rows.get_by_role("row").filter(has_text="same email as Known 0")).to_be_visible()
    assert Candidate.objects.count() == 30  # a dry run writes nothing
    shots.take("import-preview")

    page.get_by_role("button", name="Import 950 rows").click()
    bar = page.get_by_role("progressbar", name="Import progress")
    expect(bar).to_be_visible()
    expect(page.locator("#import-status")).to_have_text(
        "Imported: 950 created, 0 updated, 30 skipped, 20 errors.", timeout=60_000)
    expect(bar).to_have_attribute("aria-valuenow", "100")
    assert Candidate.objects.count() == 980
    shots.take("import-done")

    page.get_by_role("button", name="Undo this import").click()
    expect(page.get_by_text("Undone on")).to_be_visible(timeout=60_000)
    assert Candidate.objects.count() == 30
    assert ImportRun.objects.get().status == ImportStatus.UNDONE
    shots.take("import-undone")
