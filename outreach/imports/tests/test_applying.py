"""Running a confirmed import and undoing it."""
import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from candidates.models import Candidate, StageChange
from candidates.tests.factories import CandidateFactory
from outreach.imports.applying import import_apply, import_undo
from outreach.imports.matching import DuplicateFinder
from outreach.imports.models import ImportRun, ImportStatus
from outreach.imports.services import import_confirm, import_undo_request
from outreach.models import CheckInSchedule

pytestmark = pytest.mark.django_db


def _imported(after_commit, run):
    assert after_commit(import_confirm, run)
    return run

CSV = ("Name,Email,Company,Title,Tier,Tags\n"
       "Ada Lovelace,ada@example.com,Analytical Engines,Engineer,Top,\"python, maths\"\n"
       "Broken Row,broken@,Acme,,,\n"
       "Grace Hopper,grace@example.com,Navy,Rear Admiral,,\n")


def test_an_import_creates_its_rows_with_schedules_and_history_and_reports_the_rest(
        start_import, recruiter, after_commit):
    grace = CandidateFactory(owner=recruiter, full_name="Grace Hopper", email="grace@example.com", current_title="")
    run = _imported(after_commit, start_import(CSV, email_policy="update"))
    assert (run.status, run.created_count, run.updated_count, run.error_count, run.processed_rows) == (
        ImportStatus.DONE, 1, 1, 1, 3)
    assert run.source is None  # the file is not kept once imported
    ada = Candidate.objects.get(email="ada@example.com")
    assert (ada.full_name, ada.current_company, ada.tier, ada.skills, ada.owner) == (
        "Ada Lovelace", "Analytical Engines", 1, ["python", "maths"], recruiter)
    assert CheckInSchedule.objects.get(candidate=ada).cadence_days == 14
    assert StageChange.objects.filter(candidate=ada, to_stage="got_away").exists()
    assert ada.history.get().history_change_reason == "Imported from people.csv"
    grace.refresh_from_db()
    assert grace.current_title == "Rear Admiral"
    assert list(run.rows.values_list("row_number", "action", "reason")) == [
        (2, "create", ""),
        (3, "error", "row 3: email 'broken@' is not valid"),
        (4, "update", f"updates Grace Hopper (#{grace.pk}): same email as Grace Hopper (#{grace.pk})"),
    ]


def test_confirming_twice_imports_once(start_import, after_commit):
    run = _imported(after_commit, start_import(CSV))
    assert not after_commit(import_confirm, run)
    import_apply(run=run)  # a retried task
    assert Candidate.objects.filter(email="ada@example.com").count() == 1


def test_a_row_the_database_refuses_at_import_time_fails_alone(start_import, recruiter, monkeypatch):
    run = start_import(CSV)
    # Someone adds Ada between the preview and the go-ahead.
    CandidateFactory(owner=recruiter, email="ADA@example.com")
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.QUEUED)
    run.refresh_from_db()
    run.rows.all().delete()
    # The plan still says "create" (as if the lookup ran a moment before Ada was added).
    monkeypatch.setattr(DuplicateFinder, "_by_email", lambda self, emails: {})
    import_apply(run=run)
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE
    assert dict(run.rows.values_list("row_number", "reason")) == {
        2: "row 2: another candidate has this email now", 3: "row 3: email 'broken@' is not valid", 4: ""}
    assert Candidate.objects.filter(email="grace@example.com").exists()


def test_undo_removes_the_imports_candidates_and_reverts_its_updates_only(start_import, recruiter, after_commit):
    grace = CandidateFactory(owner=recruiter, full_name="Grace Hopper", email="grace@example.com",
                             current_company="Navy", current_title="Officer")
    bystander = CandidateFactory(owner=recruiter, email="someone@example.com")
    run = _imported(after_commit, start_import(CSV, email_policy="update"))
    assert after_commit(import_undo_request, run)
    assert run.status == ImportStatus.UNDONE and run.undone_at
    assert not Candidate.objects.filter(email="ada@example.com").exists()
    grace.refresh_from_db()
    assert (grace.current_company, grace.current_title) == ("Navy", "Officer")
    assert Candidate.objects.filter(pk__in=[grace.pk, bystander.pk]).count() == 2
    assert not after_commit(import_undo_request, run)  # once only


def test_undo_is_offered_for_seven_days(start_import, after_commit):
    run = _imported(after_commit, start_import(CSV))
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, minutes=1)):
        assert not run.can_undo()
        assert not after_commit(import_undo_request, run)
    assert run.can_undo()
    import_undo(run=run)  # not asked for: changes nothing
    assert Candidate.objects.filter(email="ada@example.com").exists()


def test_a_thousand_rows_cross_chunks_and_duplicates_across_chunks_are_caught(start_import, monkeypatch, after_commit):
    from outreach.imports import planning
    monkeypatch.setattr(planning, "CHUNK_ROWS", 100)
    lines = [f"Person {n},p{n}@example.com,Co {n % 7},Dev,," for n in range(1000)]
    lines += ["Person 5 again,P5@example.com,,,,"]
    run = _imported(after_commit, start_import("Name,Email,Company,Title,Tier,Tags\n" + "\n".join(lines)))
    assert (run.created_count, run.skipped_count) == (1000, 1)
    assert run.rows.get(row_number=1002).reason == "skipped: same person as row 7 of this file"
