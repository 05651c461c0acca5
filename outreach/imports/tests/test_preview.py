"""The dry run: what each row will do, and why, before anything is written."""
import pytest

from candidates.models import Candidate
from candidates.tests.factories import CandidateFactory
from outreach.imports.models import ImportRow, ImportStatus
from outreach.imports.planning import plan_chunks

pytestmark = pytest.mark.django_db

HEADER = "First Name,Last Name,E-mail,Company,Position,LinkedIn,Tier\n"


def _pk(name: str) -> int:
    return Candidate.objects.get(full_name=name).pk


def _plans(run):
    return {plan.number: (plan.action, plan.reason) for chunk in plan_chunks(run) for plan in chunk}


def test_every_row_gets_an_outcome_with_its_reason_and_nothing_is_written(start_import, recruiter):
    CandidateFactory(owner=recruiter, full_name="Grace Hopper", email="grace@example.com", current_company="Navy")
    CandidateFactory(owner=recruiter, full_name="Alan Turing", email="alan@bletchley.example",
                     linkedin_url="https://www.linkedin.com/in/alan-turing/", current_company="Bletchley")
    CandidateFactory(owner=recruiter, full_name="Katherine Johnson", email="kj@nasa.example", current_company="NASA")
    before = Candidate.objects.count()
    run = start_import(HEADER + "\n".join([
        "Ada,Lovelace,ada@example.com,Analytical Engines,Engineer,,Top",         # 2 create
        "Bob,,bob@,Acme,,,",                                                     # 3 bad email
        "Grace,Hopper,GRACE@example.com ,Navy,Admiral,,",                        # 4 same email
        "Alan,T,turing@new.example,,,linkedin.com/in/Alan-Turing?trk=x,",        # 5 same LinkedIn
        "Katherine,Johnson,katherine@other.example,nasa ,Mathematician,,",        # 6 likely (name + company)
        "Ada,Lovelace,ADA@example.com,,,,",                                      # 7 twice in the file
        "Carl,Sagan,carl@example.com,,,,Gold",                                   # 8 bad tier
        ",,nobody@example.com,,,,",                                              # 9 no name
    ]) + "\n")
    assert _plans(run) == {
        2: ("create", ""),
        3: ("error", "row 3: email 'bob@' is not valid"),
        4: ("skip", f"skipped: same email as Grace Hopper (#{_pk('Grace Hopper')})"),
        5: ("skip", f"skipped: same LinkedIn profile as Alan Turing (#{_pk('Alan Turing')})"),
        6: ("create", f"created anyway: likely the same person as Katherine Johnson "
                      f"(#{_pk('Katherine Johnson')}) (similar name, same company)"),
        7: ("skip", "skipped: same person as row 2 of this file"),
        8: ("error", "row 8: tier 'Gold' is not one of Top, Warm, Pool"),
        9: ("error", "row 9: the name is missing"),
    }
    assert run.status == ImportStatus.PREVIEWED
    assert run.total_rows == 8
    assert run.preview["counts"] == {"create": 2, "update": 0, "skip": 3, "error": 3}
    assert run.preview["duplicates"] == 4
    assert [row["row"] for row in run.preview["notable"]] == [3, 4, 5, 6, 7, 8, 9]
    assert Candidate.objects.count() == before and not ImportRow.objects.exists()


def test_the_duplicate_choices_turn_duplicates_into_updates(start_import, recruiter):
    grace = CandidateFactory(owner=recruiter, full_name="Grace Hopper", email="grace@example.com",
                             current_company="Navy")
    run = start_import(HEADER + "Grace,Hopper,grace@example.com,Navy,Admiral,,\n"
                       "Grace,Hoper,g.hopper@example.com,NAVY,,,\n", email_policy="update", likely_policy="skip")
    assert _plans(run) == {
        2: ("update", f"updates Grace Hopper (#{grace.pk}): same email as Grace Hopper (#{grace.pk})"),
        3: ("skip", f"skipped: likely the same person as Grace Hopper (#{grace.pk}) (similar name, same company)"),
    }


def test_an_email_duplicate_is_never_created_anyway(start_import, recruiter):
    CandidateFactory(owner=recruiter, email="grace@example.com")
    run = start_import(HEADER + "Grace,Hopper,grace@example.com,,,,\n", email_policy="create")
    assert _plans(run)[2][0] == "skip"


@pytest.mark.parametrize(("cells", "reason"), [
    ("Ada,L,ada@example.com,,,not a link,", "row 2: linkedin link 'https://not a link' is not a web address"),
    ("Ada,L,ada@example.com," + "x" * 201 + ",,,", "row 2: current company is longer than 200 characters"),
    ("Ada,L,,,,,", "row 2: the email is missing"),
])
def test_field_errors_name_the_row_and_the_field(start_import, cells, reason):
    assert _plans(start_import(HEADER + cells + "\n"))[2] == ("error", reason)
