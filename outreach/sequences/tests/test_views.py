"""The sequence pages, My check-ins' sequence sections and the digest's."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from outreach.digests.registry import section_named
from outreach.mail.models import InboundEmail
from outreach.models import TouchPoint
from outreach.sequences.advance import enrolments_advance
from outreach.sequences.choices import RunStatus
from outreach.sequences.enrolment import enrolments_create
from outreach.sequences.models import Sequence, Step, StepRun
from outreach.sequences.services import step_add

from .conftest import MONDAY_10

pytestmark = pytest.mark.django_db


def test_the_list_starts_empty_and_explains(recruiter_client):
    page = recruiter_client.get(reverse("sequences:list")).content.decode()
    assert 'id="no-sequences"' in page and "stop the moment the candidate replies" in page


def test_creating_a_sequence_with_a_backwards_window_is_refused_inline(recruiter_client):
    response = recruiter_client.post(reverse("sequences:create"), {"name": "Bad", "window_start_hour": 17,
                                                                   "window_end_hour": 9})
    assert response.status_code == 200 and "The window must end after it starts." in response.content.decode()
    assert not Sequence.objects.exists()
    response = recruiter_client.post(reverse("sequences:create"), {"name": "Good", "window_start_hour": 9,
                                                                   "window_end_hour": 17})
    assert response.status_code == 302 and Sequence.objects.get().name == "Good"


def test_building_steps_with_inline_errors(recruiter_client, sequence):
    url = reverse("sequences:step_create", args=[sequence.pk])
    bad = recruiter_client.post(url, {"kind": "email", "subject": "Hi {{ frist_name }}", "body": ""})
    page = bad.content.decode()
    assert bad.status_code == 400 and "Unknown merge field" in page and "An email needs a message." in page
    assert recruiter_client.post(url, {"kind": "wait"}).status_code == 400
    assert recruiter_client.post(url, {"kind": "task", "task_kind": "call", "task_note": "Ring"}).status_code == 302
    assert sequence.steps.count() == 4
    assert sequence.steps.last().describe() == "Task: Call them (Ring)"


def test_editing_and_removing_steps(recruiter_client, sequence, recruiter, candidate):
    step = sequence.steps.get(position=3)
    url = reverse("sequences:step_update", args=[sequence.pk, step.pk])
    response = recruiter_client.post(url, {"kind": "wait", "subject": "New words", "body": "New body",
                                           "same_thread": "on"})
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.kind, step.subject) == ("email", "New words")  # the kind cannot change
    # A step some enrolment ran is retired, not deleted; one nobody ran is deleted.
    enrolments_create(sequence=sequence, candidates=Candidate.objects.filter(pk=candidate.pk), by=recruiter,
                      now=MONDAY_10)
    enrolments_advance(now=MONDAY_10)
    first = sequence.steps.get(position=1)
    assert StepRun.objects.filter(step=first).exists()
    recruiter_client.post(reverse("sequences:step_remove", args=[sequence.pk, first.pk]))
    first.refresh_from_db()
    assert not first.is_active
    assert "Catching up" not in recruiter_client.get(sequence.get_absolute_url()).content.decode()
    recruiter_client.post(reverse("sequences:step_remove", args=[sequence.pk, step.pk]))
    assert not Step.objects.filter(pk=step.pk).exists()
    # The whole sequence (as the admin deletes it) goes with its enrolments and their runs.
    sequence.delete()
    assert not StepRun.objects.exists()


def test_the_detail_page_query_count_does_not_grow_with_enrolments(recruiter_client, sequence, recruiter,
                                                                  django_assert_max_num_queries):
    from candidates.tests.factories import CandidateFactory

    counts = []
    for total in (3, 30):
        while Candidate.objects.count() < total:
            CandidateFactory(owner=recruiter)
        enrolments_create(sequence=sequence, candidates=Candidate.objects.all(), by=recruiter)
        with django_assert_max_num_queries(14):
            response = recruiter_client.get(sequence.get_absolute_url())
        assert response.status_code == 200
        counts.append(len(response.context["enrolments"]))
    assert counts == [3, 30]


def test_a_task_shows_on_my_check_ins_and_done_is_a_touch_point(recruiter_client, recruiter, candidate):
    seq = Sequence.objects.create(name="Calls", owner=recruiter)
    step_add(sequence=seq, kind="task", task_kind="call", task_note="Ask about Berlin")
    enrolments_create(sequence=seq, candidates=Candidate.objects.filter(pk=candidate.pk), by=recruiter)
    enrolments_advance(now=timezone.now() + timezone.timedelta(days=4))
    run = StepRun.objects.get()
    page = recruiter_client.get(reverse("outreach:my_checkins")).content.decode()
    assert 'id="sequence-tasks"' in page and "Ada Lovelace" in page and "Ask about Berlin" in page
    response = recruiter_client.post(reverse("sequences:task_finish", args=[run.pk, "done"]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert TouchPoint.objects.get(candidate=candidate).kind == "phone_call"
    assert recruiter_client.post(reverse("sequences:task_finish", args=[run.pk, "done"])).status_code == 302
    assert TouchPoint.objects.filter(candidate=candidate).count() == 1  # a second click changes nothing
    rows = section_named("sequence_tasks").builder(recipients=[recruiter], now=timezone.now())
    assert rows == {}


def test_a_reply_shows_as_ada_replied_on_my_check_ins_and_in_the_digest(recruiter_client, recruiter, candidate):
    InboundEmail.objects.create(source="imap", message_id="<r1@x>", kind="reply", from_email=candidate.email,
                                subject="Re: hi", text="Happy to talk", candidate=candidate)
    page = recruiter_client.get(reverse("outreach:my_checkins")).content.decode()
    assert 'id="replies"' in page and "Ada Lovelace</a> replied" in page
    rows = section_named("replies").builder(recipients=[recruiter], now=timezone.now())
    assert rows[recruiter.pk][0]["text"] == "Ada Lovelace replied: Happy to talk"


def test_someone_without_a_role_is_refused(client, sequence):
    nobody = get_user_model().objects.create_user("nobody", password="pw-nobody-12345")
    client.force_login(nobody)
    assert client.get(reverse("sequences:list")).status_code == 403
    assert client.get(sequence.get_absolute_url()).status_code == 403
