"""Data steps of the candidates migrations, run on rows made by today's code."""
import datetime as dt
import importlib
import logging
from types import SimpleNamespace

import pytest
import time_machine
from django.apps import apps
from django.db import connection

from candidates.models import Candidate, CareerUpdate, Company, Feedback, Interview, StageChange
from candidates.tests.factories import CandidateFactory, FeedbackFactory

pytestmark = pytest.mark.django_db

dates_in_the_window = importlib.import_module("candidates.migrations.0006_dates_in_the_window")
# Noon in UTC: already 3 March at UTC+14, still 2 March at UTC-12.
NOW = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def mend() -> int:
    return dates_in_the_window.mend_dates_outside_the_window(apps, SimpleNamespace(connection=connection))


@pytest.fixture(autouse=True)
def three_days_ago():
    """Rows are made three days before the migration runs."""
    with time_machine.travel(NOW - dt.timedelta(days=3), tick=False):
        yield


def test_dates_outside_the_window_are_mended_and_logged(recruiter, caplog):
    feedback = FeedbackFactory(interview__candidate__owner=recruiter)
    interview, candidate = feedback.interview, feedback.interview.candidate
    future, kept = CandidateFactory(owner=recruiter), CandidateFactory(owner=recruiter)
    update = CareerUpdate.objects.create(candidate=candidate, company="Acme", title="Lead", recorded_at=NOW,
                                         started_on=dt.date(1900, 1, 1))
    # Typos as the old forms let them through (on SQLite and on PostgreSQL alike).
    Candidate.objects.filter(pk=candidate.pk).update(got_away_on=dt.date(1, 1, 1))
    Candidate.objects.filter(pk=future.pk).update(got_away_on=dt.date(2026, 3, 4))
    Candidate.objects.filter(pk=kept.pk).update(got_away_on=dt.date(2026, 3, 3))  # today at UTC+14
    Interview.objects.filter(pk=interview.pk).update(occurred_on=dt.date(1, 1, 1))
    Feedback.objects.filter(pk=feedback.pk).update(shared_at=dt.datetime(1, 1, 1, tzinfo=dt.UTC))
    StageChange.objects.filter(candidate=candidate).update(changed_at=dt.datetime(2999, 1, 1, tzinfo=dt.UTC))
    CareerUpdate.objects.filter(pk=update.pk).update(recorded_at=dt.datetime(1969, 12, 31, tzinfo=dt.UTC))

    with time_machine.travel(NOW, tick=False), caplog.at_level(logging.WARNING):
        assert mend() == 7

    got_away = dict(Candidate.objects.values_list("pk", "got_away_on"))
    assert got_away[candidate.pk] is None  # not known
    assert got_away[future.pk] == dt.date(2026, 3, 2)  # today everywhere
    assert got_away[kept.pk] == dt.date(2026, 3, 3)  # some timezone could have typed it: left alone
    interview.refresh_from_db()
    feedback.refresh_from_db()
    update.refresh_from_db()
    assert interview.occurred_on == interview.created_at.date()  # the day it was logged
    assert feedback.shared_at == feedback.created_at
    assert StageChange.objects.get(candidate=candidate).changed_at == NOW
    assert update.started_on is None
    assert update.recorded_at == dt.datetime(1970, 1, 1, 12, 0, tzinfo=dt.UTC)  # 1970 everywhere
    assert "Mended 2 candidates.Candidate.got_away_on value(s)" in caplog.text
    assert f"#{candidate.pk} was 0001-01-01" in caplog.text

    with time_machine.travel(NOW, tick=False):
        assert mend() == 0  # run again, nothing left to mend


def test_dates_at_the_edges_are_left_alone(recruiter):
    candidate = CandidateFactory(owner=recruiter)
    Candidate.objects.filter(pk=candidate.pk).update(got_away_on=dt.date(1970, 1, 1))
    # Midnight starting 1970 at UTC+14: a recruiter there could have typed it.
    StageChange.objects.filter(candidate=candidate).update(changed_at=dt.datetime(1969, 12, 31, 10, 0, tzinfo=dt.UTC))
    with time_machine.travel(NOW, tick=False):
        assert mend() == 0


career_companies = importlib.import_module("candidates.migrations.0009_career_companies_and_start_dates")


def backfill() -> None:
    career_companies.backfill(apps, SimpleNamespace(connection=connection))


def _old_move(candidate, company: str, *, recorded_at: dt.datetime, started_on: dt.date | None = None):
    """A career update as recorded before companies were records: no employer, maybe no start date."""
    return CareerUpdate.objects.create(candidate=candidate, company=company, title="Engineer",
                                       recorded_at=recorded_at, started_on=started_on)


def test_every_company_typed_on_a_career_update_becomes_one_record(recruiter):
    ada, bob, cy = (CandidateFactory(owner=recruiter) for _ in range(3))
    acme = [_old_move(ada, "Acme Corp", recorded_at=NOW), _old_move(bob, "ACME  corp ", recorded_at=NOW),
            _old_move(cy, "Acme Corp", recorded_at=NOW)]
    known = Company.objects.create(name="Globex")
    globex = _old_move(bob, "globex", recorded_at=NOW)
    initech = _old_move(cy, "Initech", recorded_at=NOW)
    backfill()
    # One record per company whatever the spelling, named as most people wrote it; one on record stays.
    assert sorted(Company.objects.values_list("name", "key")) == [
        ("Acme Corp", "acme corp"), ("Globex", "globex"), ("Initech", "initech")]
    acme_corp = Company.objects.get(key="acme corp")
    assert {CareerUpdate.objects.get(pk=u.pk).employer_id for u in acme} == {acme_corp.pk}
    assert CareerUpdate.objects.get(pk=globex.pk).employer_id == known.pk
    assert CareerUpdate.objects.get(pk=initech.pk).employer.name == "Initech"
    # What was typed is kept as it was.
    assert CareerUpdate.objects.get(pk=acme[1].pk).company == "ACME  corp "
    # Run again (or after the app made records), nothing doubles.
    backfill()
    assert Company.objects.count() == 3


def test_a_missing_start_date_becomes_the_day_the_move_was_recorded(recruiter):
    ada = CandidateFactory(owner=recruiter)
    undated = _old_move(ada, "Acme", recorded_at=dt.datetime(2025, 6, 30, 23, 30, tzinfo=dt.UTC))
    dated = _old_move(ada, "Acme", recorded_at=NOW, started_on=dt.date(2024, 1, 1))
    backfill()
    assert CareerUpdate.objects.get(pk=undated.pk).started_on == dt.date(2025, 6, 30)
    assert CareerUpdate.objects.get(pk=dated.pk).started_on == dt.date(2024, 1, 1)
