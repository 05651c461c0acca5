"""Form validation on its own: what each form accepts, refuses and hands to the services."""
import datetime as dt

import pytest
import time_machine
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
from candidates.models import Candidate, Company
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


# --- Skills as tags, and what would bring them back ------------------------------------------

def test_skills_typed_with_commas_become_tags_each_once(recruiter):
    form = CandidateForm(data=candidate_form_data(recruiter, skills="Machine  learning, python,Python , SQL,"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["skills"] == ["Machine learning", "python", "SQL"]


def test_stored_tags_show_as_the_text_they_would_be_typed_as(recruiter):
    candidate = CandidateFactory(owner=recruiter, skills=["Python", "Machine Learning"])
    form = CandidateForm(instance=candidate)
    assert 'value="Python, Machine Learning"' in str(form["skills"])
    # The same tags typed again, differently spaced, are no change.
    data = candidate_form_data(recruiter, email=candidate.email, full_name=candidate.full_name,
                               skills="Python ,Machine Learning")
    assert "skills" not in CandidateForm(data=data, instance=candidate).changed_data


def test_a_paragraph_in_the_skills_box_is_refused(recruiter):
    form = CandidateForm(data=candidate_form_data(recruiter, skills=", ".join(f"tag {n}" for n in range(51))))
    assert not form.is_valid()
    assert form.errors["skills"] == ["Up to 50 tags, please."]


@pytest.mark.parametrize(("typed", "field", "message"), [
    ({"expected_pay": "150000"}, "expected_pay_currency", "Pick the currency of the expected pay."),
    ({"expected_pay_currency": "GBP"}, "expected_pay", "Enter the amount in GBP, or set the currency back to —."),
    ({"expected_pay_currency": "GBP", "expected_pay": "1000000000"}, "expected_pay",
     "Ensure this value is less than or equal to 100000000."),
    ({"expected_pay_currency": "GBP", "expected_pay": "-5"}, "expected_pay",
     "Ensure this value is greater than or equal to 0."),
    ({"expected_pay_currency": "XXX", "expected_pay": "5"}, "expected_pay_currency", "Select a valid choice."),
])
def test_expected_pay_needs_its_currency_and_a_sensible_amount(recruiter, typed, field, message):
    form = CandidateForm(data=candidate_form_data(recruiter, **typed))
    assert not form.is_valid()
    assert message in form.errors[field][0]


def test_expected_pay_with_its_currency_or_neither_is_fine(recruiter):
    both = CandidateForm(data=candidate_form_data(recruiter, expected_pay_currency="EUR", expected_pay="95000"))
    assert both.is_valid(), both.errors
    assert (both.cleaned_data["expected_pay_currency"], both.cleaned_data["expected_pay"]) == ("EUR", 95_000)
    neither = CandidateForm(data=candidate_form_data(recruiter))
    assert neither.is_valid(), neither.errors
    assert (neither.cleaned_data["expected_pay_currency"], neither.cleaned_data["expected_pay"]) == ("", None)


@pytest.mark.parametrize(("zone", "instant", "today"), CLOCKS)
def test_a_new_follow_up_date_lies_from_today_to_the_planning_horizon(recruiter, zone, instant, today):
    with clock(zone, instant):
        for day in (today, today + dt.timedelta(days=730)):
            form = CandidateForm(data=candidate_form_data(recruiter, follow_up_on=day.isoformat()))
            assert form.is_valid(), (day, form.errors)
        for day, code in ((today - dt.timedelta(days=1), "too_early"), (today + dt.timedelta(days=731), "too_late"),
                          (dt.date(1, 1, 1), "too_early")):
            form = CandidateForm(data=candidate_form_data(recruiter, follow_up_on=day.isoformat()))
            assert not form.is_valid()
            assert [error.code for error in form.errors.as_data()["follow_up_on"]] == [code], day


def test_a_follow_up_date_that_has_passed_may_stay_while_other_fields_change(recruiter):
    candidate = CandidateFactory(owner=recruiter)
    Candidate.objects.filter(pk=candidate.pk).update(follow_up_on=dt.date(2026, 1, 5))
    candidate.refresh_from_db()
    data = candidate_form_data(recruiter, email=candidate.email, follow_up_on="2026-01-05", full_name="New Name")
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        form = CandidateForm(data=data, instance=candidate)
        assert form.is_valid(), form.errors
        moved = CandidateForm(data={**data, "follow_up_on": "2026-01-06"}, instance=candidate)
        assert not moved.is_valid() and "That is in the past" in moved.errors["follow_up_on"][0]


def test_a_career_update_needs_its_start_date(recruiter):
    form = CareerUpdateForm(data={"title": "Lead", "company": "Acme", "started_on": ""})
    assert not form.is_valid()
    assert form.errors["started_on"] == ["Enter when they started (a best guess will do)."]


def test_the_list_filter_takes_a_company_on_record_and_ignores_another(recruiter):
    acme = Company.objects.create(name="Acme")
    form = CandidateFilterForm(data={"company": str(acme.pk)})
    assert form.is_valid() and form.cleaned_data["company"] == acme and form.is_filtered
    for typed in ("999999", "acme", "1.5", "99999999999999999999"):
        form = CandidateFilterForm(data={"company": typed})
        assert not form.is_valid()
        assert form.errors["company"] == ["That company is not on record."], typed
