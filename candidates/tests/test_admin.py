"""The Django admin is where admins add team members; the profile sits on the user's page."""
import pytest
from django.urls import reverse

from candidates.choices import TIER_DEFAULT_CADENCE_DAYS, Stage, Tier
from candidates.models import Candidate
from outreach.models import CheckInSchedule

from .factories import CandidateFactory

pytestmark = pytest.mark.django_db


def test_a_team_members_admin_page_shows_timezone_and_digest_settings(client, admin_user, recruiter):
    client.force_login(admin_user)
    response = client.get(reverse("admin:auth_user_change", args=[recruiter.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Recruiter profile" in html
    assert 'name="profile-0-timezone"' in html
    assert "Europe/London" in html


def test_every_model_has_an_admin_list_page(client, admin_user):
    client.force_login(admin_user)
    for name in ["candidate", "interview", "feedback", "careerupdate", "stagechange", "recruiterprofile", "company"]:
        assert client.get(reverse(f"admin:candidates_{name}_changelist")).status_code == 200
    for name in ["touchpoint", "checkinschedule", "digest"]:
        assert client.get(reverse(f"admin:outreach_{name}_changelist")).status_code == 200


def _candidate_form(**values) -> dict:
    """The admin's candidate form as a browser posts it, with both inlines empty."""
    data = {
        "full_name": "Grace Admin", "email": "grace@example.com", "phone": "", "linkedin_url": "",
        "github_url": "", "portfolio_url": "", "location": "", "headline": "", "skills": "",
        "source": "other", "tier": "2", "got_away_reason": "", "got_away_detail": "", "got_away_on": "",
        "stage": "got_away", "current_company": "", "current_title": "",
    }
    for prefix in ("interviews", "career_updates"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                 f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    return data | {key: str(value) for key, value in values.items()}


def test_a_candidate_added_in_the_admin_gets_a_schedule_and_its_first_stage(client, admin_user, recruiter):
    client.force_login(admin_user)
    data = _candidate_form(owner=recruiter.pk, tier=Tier.TOP, **{
        "interviews-TOTAL_FORMS": "1", "interviews-0-occurred_on": "2026-03-02",
        "interviews-0-role_title": "Staff engineer", "interviews-0-stage": "onsite",
        "interviews-0-outcome": "no_decision", "interviews-0-interviewers": "",
    })
    response = client.post(reverse("admin:candidates_candidate_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    candidate = Candidate.objects.get(email="grace@example.com")
    schedule = CheckInSchedule.objects.get(candidate=candidate)
    assert schedule.cadence_days == TIER_DEFAULT_CADENCE_DAYS[Tier.TOP]
    assert list(candidate.stage_changes.values_list("from_stage", "to_stage", "changed_by")) == [
        ("", Stage.GOT_AWAY, admin_user.pk)
    ]
    assert list(candidate.interviews.values_list("role_title", flat=True)) == ["Staff engineer"]


def test_editing_a_candidate_in_the_admin_goes_through_the_services(client, admin_user, recruiter):
    candidate = CandidateFactory(owner=recruiter, tier=Tier.POOL, email="grace@example.com")
    client.force_login(admin_user)
    data = _candidate_form(owner=recruiter.pk, tier=Tier.TOP, stage=Stage.RE_ENGAGED)
    response = client.post(reverse("admin:candidates_candidate_change", args=[candidate.pk]), data)

    assert response.status_code == 302
    assert CheckInSchedule.objects.get(candidate=candidate).cadence_days == TIER_DEFAULT_CADENCE_DAYS[Tier.TOP]
    assert list(candidate.stage_changes.order_by("pk").values_list("from_stage", "to_stage")) == [
        ("", Stage.GOT_AWAY), (Stage.GOT_AWAY, Stage.RE_ENGAGED),
    ]


def test_the_admin_refuses_dates_outside_the_window_and_saves_nothing(client, admin_user, recruiter):
    client.force_login(admin_user)
    data = _candidate_form(owner=recruiter.pk, got_away_on="0001-01-01", **{
        "interviews-TOTAL_FORMS": "1", "interviews-0-occurred_on": "2999-01-01",
        "interviews-0-role_title": "Staff engineer", "interviews-0-stage": "onsite",
        "interviews-0-outcome": "no_decision", "interviews-0-interviewers": "",
    })
    response = client.post(reverse("admin:candidates_candidate_add"), data)

    assert response.status_code == 200
    assert "That is too long ago: enter a date from 1 Jan 1970 to today" in response.content.decode()
    assert "That is in the future: enter a date from 1 Jan 1970 to today" in response.content.decode()
    assert not Candidate.objects.exists()


def test_the_admin_takes_skills_as_typed_and_checks_the_ask_and_follow_up(client, admin_user, recruiter):
    client.force_login(admin_user)
    data = _candidate_form(owner=recruiter.pk, skills="Python, sql, Python", expected_pay="90000",
                           follow_up_on="2020-01-01")
    response = client.post(reverse("admin:candidates_candidate_add"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Give the amount and its currency together, or neither." in html and "That is in the past" in html
    assert not Candidate.objects.exists()
    response = client.post(reverse("admin:candidates_candidate_add"),
                           {**data, "expected_pay_currency": "GBP", "follow_up_on": ""})
    assert response.status_code == 302
    candidate = Candidate.objects.get()
    assert (candidate.skills, candidate.expected_pay_label) == (["Python", "sql"], "£90k")


def test_a_career_update_edited_in_the_admin_finds_its_company(client, admin_user, recruiter):
    from candidates.models import CareerUpdate
    from candidates.services import career_update_record

    update = career_update_record(candidate=CandidateFactory(owner=recruiter), company="Acme", title="CTO",
                                  recorded_by=recruiter)
    client.force_login(admin_user)
    response = client.post(reverse("admin:candidates_careerupdate_change", args=[update.pk]), {
        "candidate": update.candidate_id, "company": "Globex", "title": "CTO", "started_on": "2026-01-05",
        "note": "", "recorded_by": recruiter.pk, "recorded_at_0": "2026-01-06", "recorded_at_1": "10:00:00",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    update = CareerUpdate.objects.select_related("employer").get(pk=update.pk)
    assert (update.company, update.employer.name) == ("Globex", "Globex")
