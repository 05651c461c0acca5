"""Enrolling: from a segment, a candidate-list selection and the candidate page, refusals with reasons."""
import pytest
from django.urls import reverse

from candidates.choices import Stage
from candidates.models import Candidate
from candidates.tests.factories import CandidateFactory
from outreach.mail.models import EmailPreferences, MailSettings, Suppression
from outreach.mail.services import personal_email_queue
from outreach.segments.services import segment_create
from outreach.sequences.choices import EnrolmentStatus
from outreach.sequences.enrolment import enrolments_create
from outreach.sequences.models import Enrolment, Sequence
from outreach.sequences.services import sequence_create, step_add

from .conftest import MONDAY_10

pytestmark = pytest.mark.django_db


@pytest.fixture
def everyone(recruiter, other_recruiter, sequence):
    """One candidate for each reason a sequence refuses, and one who may be enrolled."""
    make = lambda name, **kw: CandidateFactory(full_name=name, owner=kw.pop("owner", recruiter), **kw)  # noqa: E731
    people = {
        "ok": make("Ada Ok"),
        "dnc": make("Ben Dnc", do_not_contact=True),
        "unsubscribed": make("Cy Unsubscribed"),
        "bounced": make("Di Bounced", email="di@bounce.example"),
        "capped": make("Ed Capped"),
        "busy": make("Flo Busy"),
        "theirs": make("Gus Theirs", owner=other_recruiter),
        "stage": make("Hal Stage", stage=Stage.DO_NOT_CONTACT),
    }
    EmailPreferences.objects.update_or_create(candidate=people["unsubscribed"],
                                              defaults={"unsubscribed_at": MONDAY_10})
    Suppression.objects.create(email="di@bounce.example", reason="hard_bounce")
    limits = MailSettings.current()
    for _ in range(limits.contact_cap):
        personal_email_queue(candidate=people["capped"], sender=recruiter, subject="Hi", body="Hello")
    other = sequence_create(name="Other", owner=recruiter)
    step_add(sequence=other, kind="task", task_kind="call")
    enrolments_create(sequence=other, candidates=Candidate.objects.filter(pk=people["busy"].pk), by=recruiter)
    # No email at all: written straight to the table, as an import might leave it.
    people["no_email"] = make("Ivy Noemail")
    Candidate.objects.filter(pk=people["no_email"].pk).update(email="")
    return people


EXPECTED = {
    "dnc": "Marked do not contact", "unsubscribed": "Unsubscribed from all email", "bounced": "Address bounced",
    "capped": "Over the contact cap", "busy": "Already in an active sequence", "theirs": "Owned by another recruiter",
    "stage": "Stage is 'Do not contact'", "no_email": "No email address",
}


def test_each_refusal_has_its_reason(sequence, recruiter, everyone):
    ids = [c.pk for c in everyone.values()]
    result = enrolments_create(sequence=sequence, candidates=Candidate.objects.filter(pk__in=ids), by=recruiter)
    assert [c.full_name for c in result.enrolled] == ["Ada Ok"]
    reasons = {candidate.pk: reason for candidate, reason in result.refused}
    assert {key: reasons[everyone[key].pk] for key in EXPECTED} == EXPECTED
    again = enrolments_create(sequence=sequence, candidates=Candidate.objects.filter(pk=everyone["ok"].pk),
                              by=recruiter)
    assert again.refused[0][1] == "Already in an active sequence"


def test_a_manager_may_enrol_other_recruiters_candidates_when_they_ask(sequence, manager, everyone):
    theirs = Candidate.objects.filter(pk=everyone["theirs"].pk)
    assert enrolments_create(sequence=sequence, candidates=theirs, by=manager).refused
    assert enrolments_create(sequence=sequence, candidates=theirs, by=manager, include_others=True).enrolled


def test_enrolling_a_segment_shows_who_was_refused_and_why(recruiter_client, sequence, recruiter, everyone):
    segment = segment_create(owner=recruiter, fields={"name": "Everyone"}, candidate_owners=[])
    response = recruiter_client.post(reverse("sequences:enrol_segment", args=[sequence.pk]),
                                     {"segment": segment.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 enrolled" in page
    assert "Owned by another recruiter" in page and "Gus Theirs" in page
    assert "Over the contact cap" in page
    assert Enrolment.objects.filter(sequence=sequence, status=EnrolmentStatus.ACTIVE).count() == 1


def test_enrolling_a_selection_from_the_candidate_list(recruiter_client, sequence, everyone):
    listing = recruiter_client.get(reverse("candidates:list")).content.decode()
    assert 'name="candidates"' in listing and 'id="enrol-selected"' in listing
    picked = [everyone["ok"].pk, everyone["dnc"].pk]
    choose = recruiter_client.post(reverse("sequences:enrol_candidates"), {"candidates": picked})
    assert choose.status_code == 200 and "Enrol 2 candidates in a sequence" in choose.content.decode()
    done = recruiter_client.post(reverse("sequences:enrol_candidates"),
                                 {"candidates": picked, "sequence": sequence.pk})
    page = done.content.decode()
    assert "1 enrolled" in page and "Marked do not contact" in page
    assert list(Enrolment.objects.filter(sequence=sequence).values_list("candidate_id", flat=True)) == [picked[0]]


def test_a_bad_selection_is_refused_with_a_reason(recruiter_client, sequence):
    nothing = recruiter_client.post(reverse("sequences:enrol_candidates"), {"next": "/candidates/"})
    assert nothing.status_code == 302
    junk = recruiter_client.post(reverse("sequences:enrol_candidates"), {"candidates": ["x"], "sequence": sequence.pk})
    assert junk.status_code == 400 and "not a list of candidates" in junk.content.decode()
    no_seq = recruiter_client.post(reverse("sequences:enrol_candidates"), {"candidates": ["1"], "sequence": "999"})
    assert no_seq.status_code == 400
    assert not Enrolment.objects.exists()


def test_enrolling_from_the_candidate_page_with_their_timezone(recruiter_client, sequence, candidate):
    page = recruiter_client.get(candidate.get_absolute_url()).content.decode()
    assert 'id="sequence-card"' in page and "Enrol in a sequence" in page
    response = recruiter_client.post(reverse("sequences:enrol_candidates"), {
        "candidates": [candidate.pk], "sequence": sequence.pk, "candidate_timezone": "America/New_York",
        "next": candidate.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == candidate.get_absolute_url()
    enrolment = Enrolment.objects.get()
    assert str(enrolment.candidate_timezone) == "America/New_York"
    page = recruiter_client.get(candidate.get_absolute_url()).content.decode()
    assert "They replied" in page and "Warm follow-up" in page


def test_a_sequence_without_steps_cannot_be_enrolled_in(recruiter_client, recruiter, candidate):
    empty = Sequence.objects.create(name="Empty", owner=recruiter)
    response = recruiter_client.post(reverse("sequences:enrol_candidates"),
                                     {"candidates": [candidate.pk], "sequence": empty.pk})
    assert response.status_code == 400
    assert not Enrolment.objects.exists()
