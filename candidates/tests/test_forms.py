"""Form validation on its own: what each form accepts, refuses and hands to the services."""
import datetime as dt

import pytest
from django.utils.safestring import SafeString

from candidates.choices import Stage, Tier
from candidates.forms import (
    CandidateFilterForm,
    CandidateForm,
    CareerUpdateForm,
    InterviewForm,
    ScorecardForm,
    duplicate_email_message,
    team_members_named,
)
from candidates.tests.clocks import CLOCKS, clock
from candidates.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

FULL_SCORECARD = {
    "rating_technical": "4", "rating_problem_solving": "4", "rating_communication": "5",
    "rating_collaboration": "3", "recommendation": "4",
}


def candidate_form_data(owner, **overrides):
    data = {"full_name": "Grace Hopper", "email": "grace@navy.example", "source": "other", "owner": owner.pk,
            "tier": Tier.WARM, "stage": Stage.GOT_AWAY}
    data.update(overrides)
    return data


def test_duplicate_email_message_is_safe_html_with_the_name_escaped(recruiter):
    existing = CandidateFactory(owner=recruiter, full_name='<img src=x onerror="alert(1)">')
    message = duplicate_email_message(existing)
    assert isinstance(message, SafeString)
    assert f'<a href="/candidates/{existing.pk}/">' in message
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in message
    assert "<img" not in message


def test_duplicate_email_error_keeps_its_link_through_the_form(recruiter):
    existing = CandidateFactory(owner=recruiter, email="grace@navy.example")
    form = CandidateForm(data=candidate_form_data(recruiter, email="GRACE@navy.example"))
    assert not form.is_valid()
    assert form.errors.as_data()["email"][0].code == "duplicate"
    assert isinstance(form.errors["email"][0], SafeString)
    assert existing.get_absolute_url() in form.errors["email"][0]


def test_a_candidate_may_keep_its_own_email(recruiter):
    candidate = CandidateFactory(owner=recruiter, email="grace@navy.example")
    form = CandidateForm(data=candidate_form_data(recruiter, email="Grace@Navy.example"), instance=candidate)
    assert form.is_valid(), form.errors


def test_skills_are_tidied_and_bare_links_become_https(recruiter):
    form = CandidateForm(data=candidate_form_data(
        recruiter, skills=" Python ,, Django ,", linkedin_url="linkedin.com/in/grace"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["skills"] == ["Python", "Django"]
    assert form.cleaned_data["linkedin_url"] == "https://linkedin.com/in/grace"


def test_owner_must_be_on_the_team(recruiter, django_user_model):
    outsider = django_user_model.objects.create_user(username="outsider", password="pw-outsider-123")
    form = CandidateForm(data=candidate_form_data(outsider))
    assert not form.is_valid()
    assert "owner" in form.errors


def test_the_owner_drop_down_offers_recruiters_not_managers_or_admins(recruiter, other_recruiter, manager,
                                                                       admin_user):
    assert list(CandidateForm().fields["owner"].queryset) == [other_recruiter, recruiter]
    assert not CandidateForm(data=candidate_form_data(manager)).is_valid()


def test_a_candidate_owned_by_a_manager_keeps_them_until_someone_reassigns(recruiter, manager):
    candidate = CandidateFactory(owner=manager)
    edit = CandidateForm(data=candidate_form_data(manager), instance=candidate)
    assert list(edit.fields["owner"].queryset) == [manager, recruiter]
    assert edit.is_valid(), edit.errors


def test_blank_optional_scorecard_means_no_scorecard():
    form = ScorecardForm(data={"rating_technical": "", "strengths": "  "}, optional=True)
    assert form.is_valid(), form.errors
    assert form.scorecard is None


def test_full_scorecard_is_handed_over_as_typed_values():
    form = ScorecardForm(data={**FULL_SCORECARD, "strengths": "Clear"}, optional=True)
    assert form.is_valid(), form.errors
    assert form.scorecard["rating_communication"] == 5
    assert form.scorecard["recommendation"] == 4
    assert form.scorecard["strengths"] == "Clear"


def test_required_scorecard_refuses_an_empty_form():
    form = ScorecardForm(data={})
    assert not form.is_valid()
    assert set(form.errors) == set(ScorecardForm.REQUIRED)


@pytest.mark.parametrize("value", ["0", "6", "-1", "2.5", "five"])
def test_ratings_outside_one_to_five_are_refused(value):
    form = ScorecardForm(data={**FULL_SCORECARD, "rating_technical": value})
    assert not form.is_valid()
    assert list(form.errors) == ["rating_technical"]


def test_filter_form_ignores_only_the_invalid_filters(recruiter):
    form = CandidateFilterForm({"tier": "7", "stage": "nurturing", "owner": "mine"})
    assert not form.is_valid()
    assert list(form.errors) == ["tier"]
    assert form.cleaned_data["stage"] == "nurturing"
    assert form.is_filtered


def test_filter_form_offers_anyone_mine_and_only_the_chosen_colleague(recruiter, other_recruiter,
                                                                       django_assert_num_queries):
    with django_assert_num_queries(0):  # however large the team
        choices = CandidateFilterForm({}).fields["owner"].choices
    assert choices == [("", "Anyone"), ("mine", "Mine")]
    chosen = CandidateFilterForm({"owner": str(other_recruiter.pk)})
    assert chosen.fields["owner"].choices[-1] == (str(other_recruiter.pk), "Oscar Other")
    assert chosen.is_valid() and chosen.cleaned_data["owner"] == str(other_recruiter.pk)
    empty = CandidateFilterForm({})
    assert empty.is_valid() and not empty.is_filtered


@pytest.mark.parametrize("owner", ["999999", "99999999999999999999", "-1", "someone"])
def test_filter_form_refuses_an_owner_who_is_not_on_the_team(recruiter, owner):
    form = CandidateFilterForm({"owner": owner})
    assert not form.is_valid() and list(form.errors) == ["owner"]


def test_team_members_named_finds_colleagues_by_first_last_or_user_name(recruiter, other_recruiter):
    assert team_members_named("osc") == [(other_recruiter.pk, "Oscar Other")]
    assert team_members_named("  OTHER ") == [(other_recruiter.pk, "Oscar Other")]
    assert {pk for pk, _ in team_members_named("r")} == {recruiter.pk, other_recruiter.pk}
    assert team_members_named("r", limit=1) and len(team_members_named("r", limit=1)) == 1
    assert team_members_named("   ") == []
    other_recruiter.is_active = False
    other_recruiter.save()
    assert team_members_named("osc") == []


def test_a_former_team_member_stays_owner_until_someone_reassigns(recruiter, other_recruiter):
    candidate = CandidateFactory(owner=other_recruiter)
    other_recruiter.is_active = False
    other_recruiter.save()
    edit = CandidateForm(instance=candidate)
    assert other_recruiter in edit.fields["owner"].queryset
    assert other_recruiter not in CandidateForm().fields["owner"].queryset


# --- Dates: the HAPPENED window, judged where the recruiter is -------------------------------------

def _date_forms(owner, day: str) -> dict:
    """Every candidates form with a date, holding `day` in that date."""
    return {
        "got_away_on": CandidateForm(data=candidate_form_data(owner, got_away_on=day)),
        "occurred_on": InterviewForm(data={"role_title": "Lead", "occurred_on": day, "stage": "screen",
                                           "outcome": "no_decision"}),
        "started_on": CareerUpdateForm(data={"title": "Lead", "company": "Acme", "started_on": day}),
    }


@pytest.mark.parametrize(("zone", "instant", "today"), CLOCKS)
def test_every_date_runs_from_1970_to_the_recruiters_today(recruiter, zone, instant, today):
    tomorrow = today + dt.timedelta(days=1)
    with clock(zone, instant):
        for day in (today, dt.date(1970, 1, 1)):
            for name, form in _date_forms(recruiter, day.isoformat()).items():
                assert form.is_valid(), (name, day, form.errors)
        outside = [(tomorrow, "too_late"), (dt.date(1969, 12, 31), "too_early"), (dt.date(1, 1, 1), "too_early")]
        for day, code in outside:
            for name, form in _date_forms(recruiter, day.isoformat()).items():
                assert not form.is_valid()
                assert [error.code for error in form.errors.as_data()[name]] == [code], (name, day)
                assert "from 1 Jan 1970 to today" in form.errors[name][0]


@pytest.mark.parametrize("typed", ["2026-01-05\x00", "\x002026-01-05", "2026-01-05\x1c", "2026-01-05\n",
                                   "2026-\x0701-05"])
def test_a_date_with_a_control_character_is_not_a_date(recruiter, typed):
    for name, form in _date_forms(recruiter, typed).items():
        assert not form.is_valid()
        assert form.errors[name] == ["Enter a valid date."]
