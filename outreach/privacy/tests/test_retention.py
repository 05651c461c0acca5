"""The retention rule: flagged after the period without a touch, erased after the grace period, unless kept."""
import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from candidates.models import Candidate
from candidates.tests.factories import CandidateFactory
from outreach.mail.models import EmailPreferences
from outreach.privacy.erasure import ERASED_NAME
from outreach.privacy.models import Erasure, RetentionReview, RetentionRun, RetentionSettings
from outreach.privacy.retention import retention_review_keep, retention_review_run
from outreach.services import touch_point_log

pytestmark = pytest.mark.django_db

START = dt.datetime(2022, 1, 10, 9, 0, tzinfo=dt.UTC)
TODAY = dt.datetime(2026, 3, 2, 3, 40, tzinfo=dt.UTC)


@pytest.fixture
def rule(db):
    RetentionSettings.objects.update_or_create(pk=1, defaults={"enabled": True, "months_without_touch": 36,
                                                               "grace_days": 30})
    return RetentionSettings.current()


@pytest.fixture
def pool(recruiter):
    """Added four years before TODAY: some touched long ago, one recently, one who consented, one never."""
    with time_machine.travel(START, tick=False):
        people = {name: CandidateFactory(owner=recruiter, full_name=name)
                  for name in ("Old Touch", "Never Touched", "Recent Touch", "Consented")}
    for name, when in (("Old Touch", dt.datetime(2022, 6, 1, tzinfo=dt.UTC)),
                       ("Recent Touch", dt.datetime(2025, 12, 1, tzinfo=dt.UTC)),
                       ("Consented", dt.datetime(2022, 6, 1, tzinfo=dt.UTC))):
        with time_machine.travel(when + dt.timedelta(hours=1), tick=False):
            touch_point_log(candidate=people[name], kind="phone_call", occurred_at=when, author=recruiter)
    EmailPreferences.objects.create(candidate=people["Consented"], lawful_basis="consent",
                                    consent_given_at=START, consent_source="Signed up at the meetup")
    with time_machine.travel(TODAY - dt.timedelta(days=200), tick=False):
        people["Added Lately"] = CandidateFactory(owner=recruiter, full_name="Added Lately")
    return people


def _flagged() -> list[str]:
    return sorted(RetentionReview.objects.filter(status="flagged").values_list("candidate__full_name", flat=True))


def test_the_rule_flags_who_nobody_touched_for_the_period_and_did_not_consent(rule, pool):
    with time_machine.travel(TODAY, tick=False):
        run = retention_review_run()
    assert _flagged() == ["Never Touched", "Old Touch"]
    review = RetentionReview.objects.get(candidate=pool["Old Touch"])
    assert (review.flagged_on, review.erase_on) == (dt.date(2026, 3, 2), dt.date(2026, 4, 1))
    assert review.reason == "No touch for 36 months and no current consent"
    assert (run.ran_on, run.flagged, run.erased, run.kept, run.cleared) == (dt.date(2026, 3, 2), 2, 0, 0, 0)


def test_a_second_run_the_same_day_changes_nothing(rule, pool, django_assert_max_num_queries):
    with time_machine.travel(TODAY, tick=False):
        retention_review_run()
        with django_assert_max_num_queries(12):
            run = retention_review_run()
    assert RetentionRun.objects.count() == 1 and (run.flagged, run.erased) == (2, 0)
    assert RetentionReview.objects.count() == 2


def test_after_the_grace_period_the_flagged_are_erased_unless_kept_or_touched(rule, pool, admin_user, recruiter):
    with time_machine.travel(TODAY, tick=False):
        retention_review_run()
    retention_review_keep(review=RetentionReview.objects.get(candidate=pool["Never Touched"]), by=admin_user,
                          today=TODAY.date())
    with time_machine.travel(TODAY + dt.timedelta(days=29), tick=False):
        assert retention_review_run().erased == 0  # still in the grace period
    with time_machine.travel(TODAY + dt.timedelta(days=30), tick=False):
        run = retention_review_run()
    assert (run.erased, run.kept) == (1, 1)
    erased = Candidate.objects.get(pk=pool["Old Touch"].pk)
    assert erased.full_name == ERASED_NAME and Erasure.objects.get(candidate=erased).via == "retention"
    assert Candidate.objects.get(pk=pool["Never Touched"].pk).full_name == "Never Touched"
    assert not RetentionReview.objects.filter(candidate=erased).exists()
    # Erased candidates are not caught again.
    with time_machine.travel(TODAY + dt.timedelta(days=31), tick=False):
        assert retention_review_run().flagged == 0


def test_a_touch_during_the_grace_period_takes_them_off_the_list(rule, pool, recruiter):
    with time_machine.travel(TODAY, tick=False):
        retention_review_run()
    touched = TODAY + dt.timedelta(days=10)
    with time_machine.travel(touched, tick=False):
        touch_point_log(candidate=pool["Old Touch"], kind="email", occurred_at=touched, author=recruiter)
    with time_machine.travel(TODAY + dt.timedelta(days=30), tick=False):
        run = retention_review_run()
    assert (run.cleared, run.erased) == (1, 1)
    assert Candidate.objects.get(pk=pool["Old Touch"].pk).full_name == "Old Touch"
    assert Candidate.objects.get(pk=pool["Never Touched"].pk).full_name == ERASED_NAME


def test_a_keep_runs_out_after_a_year_and_the_candidate_is_flagged_again(rule, pool, admin_user):
    with time_machine.travel(TODAY, tick=False):
        retention_review_run()
    review = retention_review_keep(review=RetentionReview.objects.get(candidate=pool["Old Touch"]), by=admin_user,
                                   today=TODAY.date())
    assert review.kept_until == dt.date(2027, 3, 2)
    later = dt.datetime(2027, 3, 3, 3, 40, tzinfo=dt.UTC)
    with time_machine.travel(later, tick=False):
        run = retention_review_run()
    review.refresh_from_db()
    assert (review.status, review.flagged_on, review.erase_on, review.kept_until) == (
        "flagged", dt.date(2027, 3, 3), dt.date(2027, 4, 2), None)
    assert run.flagged == 1  # flagged again; Never Touched was erased on the way
    assert Candidate.objects.get(pk=pool["Never Touched"].pk).full_name == ERASED_NAME


def test_with_the_rule_off_nobody_is_flagged_or_erased(pool):
    assert RetentionSettings.current().enabled is False  # off until an admin turns it on
    with time_machine.travel(TODAY, tick=False):
        assert retention_review_run() is None
    assert not RetentionReview.objects.exists() and not RetentionRun.objects.exists()


def test_unsubscribing_from_all_email_withdraws_consent(rule, pool):
    EmailPreferences.objects.filter(candidate=pool["Consented"]).update(unsubscribed_at=timezone.now())
    with time_machine.travel(TODAY, tick=False):
        retention_review_run()
    assert "Consented" in _flagged()
