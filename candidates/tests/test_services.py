"""Writes about candidates: each one whole or not at all, with its history recorded."""
import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from candidates.choices import InterviewOutcome, InterviewStage, Recommendation, Stage, Tier
from candidates.models import Candidate, CareerUpdate, Company, Feedback, Interview, StageChange
from candidates.services import (
    candidate_create,
    candidate_update,
    career_update_record,
    company_resolve,
    interview_log,
)
from candidates.tests.clocks import CLOCKS, clock
from candidates.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

SCORECARD = {"rating_technical": 4, "rating_problem_solving": 3, "rating_communication": 5,
             "rating_collaboration": 4, "recommendation": Recommendation.YES}


def test_candidate_create_records_the_first_stage_and_a_schedule(recruiter, manager):
    candidate = candidate_create(owner=recruiter, created_by=manager, full_name="Ada", email="ada@x.example",
                                 tier=Tier.TOP, stage=Stage.NURTURING)
    change = StageChange.objects.get(candidate=candidate)
    assert (change.from_stage, change.to_stage, change.changed_by) == ("", Stage.NURTURING, manager)
    assert candidate.schedule.cadence_days == 14


def test_duplicate_email_is_refused_by_the_database_too(recruiter):
    candidate_create(owner=recruiter, full_name="Ada", email="ada@x.example")
    with pytest.raises(IntegrityError):
        candidate_create(owner=recruiter, full_name="Ada again", email="ADA@x.example")
    assert Candidate.objects.count() == 1


def test_candidate_update_writes_only_what_changed(recruiter):
    candidate = CandidateFactory(owner=recruiter, full_name="Ada", stage=Stage.GOT_AWAY)
    assert candidate_update(candidate=candidate, changed_by=recruiter, full_name="Ada", stage=Stage.GOT_AWAY) == set()
    changed = candidate_update(candidate=candidate, changed_by=recruiter, full_name="Ada King", stage=Stage.GOT_AWAY)
    assert changed == {"full_name"}
    assert StageChange.objects.filter(candidate=candidate).count() == 1


def test_stage_change_is_recorded_for_the_timeline(recruiter, other_recruiter):
    candidate = CandidateFactory(owner=recruiter, stage=Stage.GOT_AWAY)
    candidate_update(candidate=candidate, changed_by=other_recruiter, stage=Stage.RE_ENGAGED)
    latest = StageChange.objects.filter(candidate=candidate).first()
    assert (latest.from_stage, latest.to_stage, latest.changed_by) == (
        Stage.GOT_AWAY, Stage.RE_ENGAGED, other_recruiter)


def test_tier_change_moves_the_default_cadence(recruiter):
    candidate = CandidateFactory(owner=recruiter, tier=Tier.WARM)
    candidate_update(candidate=candidate, changed_by=recruiter, tier=Tier.POOL)
    candidate.schedule.refresh_from_db()
    assert candidate.schedule.cadence_days == 90


def test_career_update_with_the_latest_start_becomes_the_current_role(recruiter):
    candidate = CandidateFactory(owner=recruiter, current_title="Engineer", current_company="Old Co")
    career_update_record(candidate=candidate, company="New Co", title="Lead", recorded_by=recruiter,
                         started_on=dt.date(2026, 5, 1))
    assert candidate.current_role == "Lead at New Co"
    # Learning about an older job later does not overwrite the newer one.
    career_update_record(candidate=candidate, company="Mid Co", title="Senior", recorded_by=recruiter,
                         started_on=dt.date(2025, 1, 1))
    candidate.refresh_from_db()
    assert candidate.current_role == "Lead at New Co"


def test_interview_log_saves_the_interview_and_its_scorecard_together(recruiter):
    candidate = CandidateFactory(owner=recruiter)
    interview = interview_log(
        candidate=candidate, logged_by=recruiter, role_title="Staff Engineer",
        occurred_on=timezone.localdate(), stage=InterviewStage.FINAL, outcome=InterviewOutcome.OFFER_DECLINED,
        feedback=SCORECARD,
    )
    feedback = interview.feedback.get()
    assert (feedback.author, feedback.average_rating) == (recruiter, 4.0)


def test_interview_log_saves_nothing_when_the_scorecard_is_refused(recruiter):
    candidate = CandidateFactory(owner=recruiter)
    with pytest.raises(IntegrityError):
        interview_log(
            candidate=candidate, logged_by=recruiter, role_title="Staff Engineer",
            occurred_on=timezone.localdate(), stage=InterviewStage.FINAL, outcome=InterviewOutcome.NO_DECISION,
            feedback={**SCORECARD, "rating_technical": 9},
        )
    assert not Interview.objects.exists() and not Feedback.objects.exists()


# --- Dates outside the window are refused before anything is written ------------------------------

def _write_each_date(recruiter, candidate, day: dt.date) -> dict:
    """Every service taking a date a person typed, given `day`: each one's ValidationError, or None."""
    writes = {
        "got_away_on": lambda: candidate_create(owner=recruiter, full_name="Ada", email=f"ada-{day}@x.example",
                                                got_away_on=day),
        "got_away_on (update)": lambda: candidate_update(candidate=candidate, changed_by=recruiter, got_away_on=day),
        "occurred_on": lambda: interview_log(candidate=candidate, logged_by=recruiter, role_title="Lead",
                                             occurred_on=day, stage=InterviewStage.SCREEN,
                                             outcome=InterviewOutcome.NO_DECISION, feedback=SCORECARD),
        "started_on": lambda: career_update_record(candidate=candidate, company="Acme", title="Lead",
                                                   recorded_by=recruiter, started_on=day),
    }
    errors = {}
    for name, write in writes.items():
        try:
            write()
            errors[name] = None
        except ValidationError as error:
            errors[name] = error
    return errors


@pytest.mark.parametrize(("zone", "instant", "today"), CLOCKS)
def test_services_take_dates_from_1970_to_the_recruiters_today(recruiter, zone, instant, today):
    candidate = CandidateFactory(owner=recruiter)
    with clock(zone, instant):
        for day in (today, dt.date(1970, 1, 1)):
            assert set(_write_each_date(recruiter, candidate, day).values()) == {None}, day
        def written():
            return [model.objects.count() for model in (Candidate, Interview, Feedback, CareerUpdate, StageChange)]

        before = written()
        for day in (today + dt.timedelta(days=1), dt.date(1969, 12, 31), dt.date(1, 1, 1)):
            for name, error in _write_each_date(recruiter, candidate, day).items():
                field = name.split()[0]
                assert error is not None and list(error.message_dict) == [field], (name, day)
        assert written() == before
        candidate.refresh_from_db()
        assert candidate.got_away_on == dt.date(1970, 1, 1)


# --- Companies as records, skills as tags, the follow-up date -----------------------------

def test_a_typed_company_finds_its_record_whatever_the_spelling(recruiter):
    acme = company_resolve(name="  Acme   Corp ")
    assert (acme.name, acme.key) == ("Acme Corp", "acme corp")
    assert company_resolve(name="ACME corp") == acme
    assert company_resolve(name="   ") is None
    assert Company.objects.count() == 1


def test_two_people_recording_a_new_company_at_once_get_one_record(recruiter, monkeypatch):
    # The other person's insert lands between our look-up and ours: the unique key refuses ours.
    real_filter = Company.objects.filter

    def filter_then_race(*args, **kwargs):
        found = real_filter(*args, **kwargs)
        if not Company.objects.all().exists():
            Company(name="Initech").save()
            return found.none()
        return found

    monkeypatch.setattr(Company.objects, "filter", filter_then_race)
    with transaction.atomic():
        company = company_resolve(name="initech")
    assert company.name == "Initech" and Company.objects.count() == 1


def test_a_career_update_points_at_its_company_and_others_there_are_counted(recruiter):
    ada, bob, cy = (CandidateFactory(owner=recruiter) for _ in range(3))
    first = career_update_record(candidate=ada, company="Acme", title="Lead", recorded_by=recruiter,
                                 started_on=dt.date(2025, 1, 6))
    career_update_record(candidate=bob, company="ACME", title="CTO", recorded_by=recruiter)
    career_update_record(candidate=bob, company="acme ", title="CEO", recorded_by=recruiter)
    career_update_record(candidate=cy, company="Globex", title="Lead", recorded_by=recruiter)
    # Dan was at Acme but has moved on: he no longer counts as there.
    dan = CandidateFactory(owner=recruiter)
    career_update_record(candidate=dan, company="Acme", title="Dev", recorded_by=recruiter,
                         started_on=dt.date(2024, 1, 1))
    career_update_record(candidate=dan, company="Initech", title="Lead", recorded_by=recruiter,
                         started_on=dt.date(2025, 1, 1))
    assert first.employer.name == "Acme"
    assert CareerUpdate.objects.filter(employer=first.employer).count() == 4
    globex = Company.objects.get(key="globex")
    assert CareerUpdate.objects.others_per_employer(ada, {first.employer_id, globex.pk}) == {
        first.employer_id: 1, globex.pk: 1}
    assert set(Candidate.objects.at_company(first.employer)) == {ada, bob}


def test_skills_are_stored_as_clean_tags_whoever_passes_them(recruiter):
    candidate = candidate_create(owner=recruiter, full_name="Ada", email="ada@x.example",
                                 skills=[" Python", "python", "", "Machine  Learning"])
    assert candidate.skills == ["Python", "Machine Learning"]
    candidate_update(candidate=candidate, changed_by=recruiter, skills="Go, SQL ,,go")
    candidate.refresh_from_db()
    assert candidate.skills == ["Go", "SQL"]
    assert set(Candidate.objects.with_any_skill(["sql"])) == {candidate}
    assert not Candidate.objects.with_any_skill(["S"]).exists()


def test_a_follow_up_date_is_a_plan_when_set_and_may_stay_once_passed(recruiter):
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        with pytest.raises(ValidationError) as refused:
            candidate_create(owner=recruiter, full_name="Ada", email="ada@x.example",
                             follow_up_on=dt.date(2026, 2, 28))
        assert list(refused.value.message_dict) == ["follow_up_on"]
        candidate = candidate_create(owner=recruiter, full_name="Ada", email="ada@x.example",
                                     follow_up_on=dt.date(2026, 3, 10))
    with time_machine.travel(dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC), tick=False):
        # The date passed; editing something else keeps it, moving it must be to a day ahead.
        candidate_update(candidate=candidate, changed_by=recruiter, follow_up_on=dt.date(2026, 3, 10),
                         full_name="Ada L.")
        with pytest.raises(ValidationError):
            candidate_update(candidate=candidate, changed_by=recruiter, follow_up_on=dt.date(2026, 3, 11))
    candidate.refresh_from_db()
    assert (candidate.full_name, candidate.follow_up_on) == ("Ada L.", dt.date(2026, 3, 10))
