"""Adding and changing candidates and their history through the pages: good input saves,
bad input shows an inline error and saves nothing."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates import services, views
from candidates.choices import GotAwayReason, InterviewOutcome, InterviewStage, Recommendation, Stage, Tier
from candidates.models import Candidate, CareerUpdate, Feedback, Interview, StageChange
from candidates.tests.factories import CandidateFactory, InterviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidate(recruiter):
    return CandidateFactory(owner=recruiter, full_name="Ada Lovelace", email="ada@lovelace.example",
                            current_title="Engineer", current_company="Babbage Ltd")


def candidate_data(owner, **overrides):
    data = {
        "full_name": "Grace Hopper", "email": "grace@navy.example", "phone": "", "location": "Arlington",
        "headline": "Compiler pioneer", "linkedin_url": "", "github_url": "", "portfolio_url": "",
        "skills": "COBOL, compilers", "source": "referral", "current_title": "Admiral", "current_company": "Navy",
        "owner": owner.pk, "tier": Tier.TOP, "stage": Stage.GOT_AWAY, "got_away_reason": GotAwayReason.NO_BUDGET,
        "got_away_on": "2026-01-15", "got_away_detail": "Budget frozen.",
    }
    data.update(overrides)
    return data


def interview_data(**overrides):
    data = {
        "role_title": "Staff Engineer", "occurred_on": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
        "stage": InterviewStage.FINAL, "interviewers": "Bob, Eve", "outcome": InterviewOutcome.OFFER_DECLINED,
    }
    data.update(overrides)
    return data


SCORECARD = {
    "scorecard-rating_technical": "5", "scorecard-rating_problem_solving": "4",
    "scorecard-rating_communication": "3", "scorecard-rating_collaboration": "4",
    "scorecard-recommendation": str(Recommendation.STRONG_YES), "scorecard-strengths": "Deep systems knowledge",
    "scorecard-concerns": "", "scorecard-candidate_note": "Loved your design walkthrough.",
}


# --- Add candidate -------------------------------------------------------------------


def test_add_form_defaults_to_me_and_warm(recruiter_client, recruiter):
    response = recruiter_client.get(reverse("candidates:create"))
    form = response.context["form"]
    assert form["owner"].value() == recruiter.pk
    assert form["tier"].value() == Tier.WARM
    html = response.content.decode()
    assert 'for="id_full_name" class="form-label requiredField"' in html and "Add candidate" in html


def test_add_candidate_saves_and_goes_to_its_page(recruiter_client, recruiter):
    response = recruiter_client.post(reverse("candidates:create"), candidate_data(recruiter), follow=True)
    grace = Candidate.objects.get(email="grace@navy.example")
    assert response.redirect_chain == [(grace.get_absolute_url(), 302)]
    assert "Added Grace Hopper." in response.content.decode()
    assert (grace.owner, grace.tier, grace.skills) == (recruiter, Tier.TOP, ["COBOL", "compilers"])
    assert grace.schedule.cadence_days == 14  # the top tier's default cadence
    assert StageChange.objects.filter(candidate=grace, from_stage="", to_stage=Stage.GOT_AWAY).exists()


def test_duplicate_email_links_to_the_existing_candidate(recruiter_client, recruiter, candidate):
    candidate.full_name = "Ada <Countess> Lovelace"
    candidate.save()
    response = recruiter_client.post(
        reverse("candidates:create"), candidate_data(recruiter, email="  ADA@Lovelace.EXAMPLE ")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        f'A candidate with this email already exists: <a href="{candidate.get_absolute_url()}">'
        "Ada &lt;Countess&gt; Lovelace</a>." in html
    )
    assert Candidate.objects.count() == 1


def test_a_same_email_saved_by_someone_else_mid_request_is_an_inline_error(
    recruiter_client, recruiter, other_recruiter, monkeypatch
):
    """Two recruiters add the same person at once: the loser sees the form again, not a 500."""
    def other_request_wins_then_create(**fields):
        services.candidate_create(owner=other_recruiter, full_name="Grace (Oscar's)", email="grace@navy.example")
        return services.candidate_create(**fields)

    monkeypatch.setattr(views, "candidate_create", other_request_wins_then_create)
    response = recruiter_client.post(reverse("candidates:create"), candidate_data(recruiter))
    assert response.status_code == 200
    existing = Candidate.objects.get()
    assert existing.owner == other_recruiter
    assert f'<a href="{existing.get_absolute_url()}">Grace (Oscar&#x27;s)</a>' in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"full_name": ""}, "full_name", "This field is required."),
        ({"full_name": "x" * 201}, "full_name", "Ensure this value has at most 200 characters (it has 201)."),
        ({"headline": "y" * 201}, "headline", "Ensure this value has at most 200 characters"),
        ({"got_away_detail": "z" * 4001}, "got_away_detail", "Ensure this value has at most 4000 characters"),
        ({"linkedin_url": "javascript:alert(1)"}, "linkedin_url", "Enter a valid URL."),
        ({"tier": "9"}, "tier", "Select a valid choice."),
        ({"got_away_on": "2999-01-01"}, "got_away_on", "That is in the future: enter a date from 1 Jan 1970 to today"),
        ({"got_away_on": "1969-12-31"}, "got_away_on", "That is too long ago: enter a date from 1 Jan 1970 to today"),
    ],
)
def test_bad_candidate_input_is_an_inline_error_and_nothing_is_saved(
    recruiter_client, recruiter, overrides, field, message
):
    response = recruiter_client.post(reverse("candidates:create"), candidate_data(recruiter, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert message in html
    assert "Nothing was saved." in html
    assert 'class="form-control is-invalid"' in html or "is-invalid" in html
    assert Candidate.objects.count() == 0


# --- Edit candidate ------------------------------------------------------------------


def test_edit_changes_the_candidate_and_records_the_stage_move(recruiter_client, recruiter, other_recruiter,
                                                             candidate):
    data = candidate_data(other_recruiter, full_name="Ada King", email="ada@lovelace.example",
                          stage=Stage.RE_ENGAGED, tier=Tier.POOL)
    response = recruiter_client.post(reverse("candidates:update", args=[candidate.pk]), data, follow=True)
    assert response.redirect_chain == [(candidate.get_absolute_url(), 302)]
    candidate.refresh_from_db()
    assert (candidate.full_name, candidate.owner, candidate.stage, candidate.tier) == (
        "Ada King", other_recruiter, Stage.RE_ENGAGED, Tier.POOL)
    html = response.content.decode()
    assert "Saved changes to Ada King." in html
    assert "Stage: Got away → Re-engaged" in html  # the move is on the timeline
    assert StageChange.objects.filter(candidate=candidate, to_stage=Stage.RE_ENGAGED, changed_by=recruiter).exists()


def test_edit_form_starts_with_the_saved_values(recruiter_client, candidate):
    form = recruiter_client.get(reverse("candidates:update", args=[candidate.pk])).context["form"]
    assert form["full_name"].value() == "Ada Lovelace"
    assert form["email"].value() == "ada@lovelace.example"


def test_edit_to_another_candidates_email_is_refused(recruiter_client, recruiter, candidate):
    other = CandidateFactory(owner=recruiter, full_name="Grace Hopper", email="grace@navy.example")
    data = candidate_data(recruiter, full_name="Renamed", email="Grace@Navy.example")
    response = recruiter_client.post(reverse("candidates:update", args=[candidate.pk]), data)
    html = response.content.decode()
    assert f'<a href="{other.get_absolute_url()}">Grace Hopper</a>' in html
    # The heading keeps the saved name, and nothing was written.
    assert "<h1 class=\"h3 mb-3\">Edit Ada Lovelace</h1>" in html
    candidate.refresh_from_db()
    assert candidate.full_name == "Ada Lovelace"


def test_saving_without_changes_says_so(recruiter_client, recruiter, candidate):
    form = recruiter_client.get(reverse("candidates:update", args=[candidate.pk])).context["form"]
    data = {name: ("" if value is None else value) for name, value in
            ((f.name, f.value()) for f in form) if name != "do_not_contact"}
    response = recruiter_client.post(reverse("candidates:update", args=[candidate.pk]), data, follow=True)
    assert "Nothing changed." in response.content.decode()
    assert StageChange.objects.filter(candidate=candidate).count() == 1


# --- Log interview -------------------------------------------------------------------


def test_log_interview_without_a_scorecard(recruiter_client, recruiter, candidate):
    url = reverse("candidates:interview_create", args=[candidate.pk])
    response = recruiter_client.post(url, interview_data(), follow=True)
    assert response.redirect_chain == [(candidate.get_absolute_url(), 302)]
    interview = Interview.objects.get(candidate=candidate)
    assert (interview.role_title, interview.logged_by, interview.stage) == ("Staff Engineer", recruiter, "final")
    assert not Feedback.objects.exists()
    assert "Logged the interview for Staff Engineer." in response.content.decode()


def test_log_interview_with_its_scorecard(recruiter_client, recruiter, candidate):
    url = reverse("candidates:interview_create", args=[candidate.pk])
    response = recruiter_client.post(url, {**interview_data(), **SCORECARD}, follow=True)
    feedback = Feedback.objects.get(interview__candidate=candidate)
    assert (feedback.rating_technical, feedback.recommendation, feedback.author) == (5, 5, recruiter)
    html = response.content.decode()
    assert "with its scorecard" in html
    assert "Deep systems knowledge" in html and "Strong yes" in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"occurred_on": (timezone.localdate() + dt.timedelta(days=2)).isoformat()}, "occurred_on",
         "That is in the future: enter a date from 1 Jan 1970 to today"),
        ({"occurred_on": "0001-01-01"}, "occurred_on", "That is too long ago"),
        ({"occurred_on": "not a date"}, "occurred_on", "Enter a valid date."),
        ({"role_title": ""}, "role_title", "This field is required."),
        ({"scorecard-rating_technical": "6"}, "rating_technical", "less than or equal to 5"),
        ({"scorecard-rating_communication": "0"}, "rating_communication", "greater than or equal to 1"),
        ({"scorecard-recommendation": ""}, "recommendation", "Needed once any part of the scorecard is filled in."),
    ],
)
def test_bad_interview_input_saves_nothing(recruiter_client, candidate, overrides, field, message):
    url = reverse("candidates:interview_create", args=[candidate.pk])
    response = recruiter_client.post(url, {**interview_data(), **SCORECARD, **overrides})
    assert response.status_code == 200
    errors = {**response.context["form"].errors, **response.context["scorecard_form"].errors}
    assert field in errors
    assert message in response.content.decode()
    assert not Interview.objects.exists() and not Feedback.objects.exists()


def test_half_filled_scorecard_lists_every_missing_rating(recruiter_client, candidate):
    url = reverse("candidates:interview_create", args=[candidate.pk])
    response = recruiter_client.post(url, {**interview_data(), "scorecard-strengths": "Sharp"})
    errors = response.context["scorecard_form"].errors
    assert set(errors) == {"rating_technical", "rating_problem_solving", "rating_communication",
                           "rating_collaboration", "recommendation"}
    assert not Interview.objects.exists()


# --- Add a scorecard to an existing interview ------------------------------------------


def test_add_scorecard_to_an_interview(recruiter_client, recruiter, candidate):
    interview = InterviewFactory(candidate=candidate)
    url = reverse("candidates:feedback_create", args=[candidate.pk, interview.pk])
    data = {key.removeprefix("scorecard-"): value for key, value in SCORECARD.items()}
    response = recruiter_client.post(url, data, follow=True)
    assert response.redirect_chain == [(candidate.get_absolute_url(), 302)]
    assert interview.feedback.get().author == recruiter
    assert "Added a scorecard" in response.content.decode()


def test_scorecard_needs_every_rating(recruiter_client, candidate):
    interview = InterviewFactory(candidate=candidate)
    url = reverse("candidates:feedback_create", args=[candidate.pk, interview.pk])
    response = recruiter_client.post(url, {"rating_technical": "9", "strengths": "ok"})
    errors = response.context["form"].errors
    assert set(errors) == {"rating_technical", "rating_problem_solving", "rating_communication",
                           "rating_collaboration", "recommendation"}
    assert "less than or equal to 5" in response.content.decode()
    assert not Feedback.objects.exists()


def test_another_candidates_interview_is_404(recruiter_client, recruiter, candidate):
    foreign = InterviewFactory(candidate=CandidateFactory(owner=recruiter))
    url = reverse("candidates:feedback_create", args=[candidate.pk, foreign.pk])
    assert recruiter_client.get(url).status_code == 404
    assert recruiter_client.post(url, {"rating_technical": "3"}).status_code == 404
    missing = reverse("candidates:feedback_create", args=[candidate.pk, 999999])
    assert recruiter_client.get(missing).status_code == 404
    assert not Feedback.objects.exists()


def test_editing_records_what_would_bring_them_back(recruiter_client, recruiter, candidate):
    follow_up = timezone.localdate() + dt.timedelta(days=30)
    data = candidate_data(recruiter, email=candidate.email, skills="Python, Machine Learning",
                          expected_pay_currency="EUR", expected_pay="120000", follow_up_on=follow_up.isoformat(),
                          open_to_relocation="on")
    page = recruiter_client.get(reverse("candidates:update", args=[candidate.pk])).content.decode()
    assert "What would bring them back" in page and 'name="expected_pay_currency"' in page
    response = recruiter_client.post(reverse("candidates:update", args=[candidate.pk]), data, follow=True)
    assert response.redirect_chain == [(candidate.get_absolute_url(), 302)]
    candidate.refresh_from_db()
    assert (candidate.skills, candidate.expected_pay_currency, candidate.expected_pay, candidate.follow_up_on,
            candidate.open_to_relocation, candidate.open_to_remote) == (
        ["Python", "Machine Learning"], "EUR", 120_000, follow_up, True, False)
    assert "€120k" in response.content.decode()


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"expected_pay": "120000"}, "expected_pay_currency", "Pick the currency of the expected pay."),
    ({"expected_pay_currency": "USD"}, "expected_pay", "Enter the amount in USD"),
    ({"follow_up_on": "2020-01-01"}, "follow_up_on", "That is in the past"),
])
def test_a_half_told_ask_or_a_past_follow_up_saves_nothing(recruiter_client, recruiter, candidate, overrides,
                                                           field, message):
    data = candidate_data(recruiter, email=candidate.email, **overrides)
    response = recruiter_client.post(reverse("candidates:update", args=[candidate.pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    candidate.refresh_from_db()
    assert (candidate.full_name, candidate.expected_pay, candidate.follow_up_on) == ("Ada Lovelace", None, None)


# --- Career update -------------------------------------------------------------------


def test_career_update_moves_the_current_role(recruiter_client, recruiter, candidate):
    url = reverse("candidates:career_create", args=[candidate.pk])
    data = {"title": "Head of Data", "company": "Engines Inc", "started_on": "2026-06-01", "note": "Promoted"}
    response = recruiter_client.post(url, data, follow=True)
    assert response.redirect_chain == [(candidate.get_absolute_url(), 302)]
    candidate.refresh_from_db()
    assert candidate.current_role == "Head of Data at Engines Inc"
    assert candidate.career_updates.get().employer.name == "Engines Inc"
    html = response.content.decode()
    assert "Recorded Ada Lovelace" in html
    assert "Career: Head of Data at Engines Inc" in html
    assert "the same company however it is spelt is counted once" in recruiter_client.get(url).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "", "company": "Engines Inc"}, "title", "This field is required."),
        ({"title": "CTO", "company": "c" * 201}, "company", "at most 200 characters"),
        ({"title": "CTO", "company": "Engines Inc", "started_on": "31/31/2026"}, "started_on", "Enter a valid date."),
        ({"title": "CTO", "company": "Engines Inc", "started_on": ""}, "started_on",
         "Enter when they started (a best guess will do)."),
    ],
)
def test_bad_career_update_saves_nothing(recruiter_client, candidate, data, field, message):
    response = recruiter_client.post(reverse("candidates:career_create", args=[candidate.pk]), data)
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not CareerUpdate.objects.exists()
    candidate.refresh_from_db()
    assert candidate.current_role == "Engineer at Babbage Ltd"


# --- A colleague's candidate ------------------------------------------------------------

def _candidate_pages(candidate) -> list[str]:
    interview = InterviewFactory(candidate=candidate)
    return [reverse(name, args=args) for name, args in [
        ("candidates:detail", [candidate.pk]), ("candidates:update", [candidate.pk]),
        ("candidates:interview_create", [candidate.pk]), ("candidates:career_create", [candidate.pk]),
        ("candidates:feedback_create", [candidate.pk, interview.pk]),
    ]]


def test_a_colleagues_candidate_says_whose_it_is_on_its_page_and_forms(recruiter_client, other_recruiter):
    theirs = CandidateFactory(owner=other_recruiter)
    for url in _candidate_pages(theirs):
        response = recruiter_client.get(url)
        assert response.status_code == 200
        assert "Owned by <strong>Oscar Other</strong>." in response.content.decode(), url


def test_my_own_candidate_needs_no_such_note(recruiter_client, candidate):
    for url in _candidate_pages(candidate):
        assert "owner-notice" not in recruiter_client.get(url).content.decode(), url
    assert "owner-notice" not in recruiter_client.get(reverse("candidates:create")).content.decode()
