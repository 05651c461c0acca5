"""Reads over many candidates: search, the overdue rule and the list's sort orders."""
import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from candidates.choices import Stage, Tier
from candidates.models import Candidate
from candidates.querysets import is_overdue
from candidates.tests.factories import CandidateFactory
from outreach.models import CheckInSchedule

pytestmark = pytest.mark.django_db


def make(owner, name, *, due=None, **fields):
    candidate = CandidateFactory(owner=owner, full_name=name, **fields)
    if due is not None:
        CheckInSchedule.objects.filter(candidate=candidate).update(next_due_at=due)
    return candidate


def names(queryset) -> list[str]:
    return list(queryset.values_list("full_name", flat=True))


def test_overdue_means_due_by_now_on_an_active_schedule(recruiter):
    now = timezone.now()
    make(recruiter, "Due now", due=now)
    make(recruiter, "Due last week", due=now - dt.timedelta(days=7))
    make(recruiter, "Due tomorrow", due=now + dt.timedelta(days=1))
    paused = make(recruiter, "Paused", due=now - dt.timedelta(days=7))
    CheckInSchedule.objects.filter(candidate=paused).update(paused=True)
    make(recruiter, "Do not contact", due=now - dt.timedelta(days=7), do_not_contact=True)
    make(recruiter, "Not interested", due=now - dt.timedelta(days=7), stage=Stage.NOT_INTERESTED)
    make(recruiter, "Stage DNC", due=now - dt.timedelta(days=7), stage=Stage.DO_NOT_CONTACT)
    assert names(Candidate.objects.overdue(now).order_by("full_name")) == ["Due last week", "Due now"]
    # The row flag follows the same rule as the filter.
    flagged = {c.full_name for c in Candidate.objects.for_list() if is_overdue(c, now)}
    assert flagged == {"Due last week", "Due now"}


def test_overdue_agrees_with_outreach_schedule_rule(recruiter):
    now = timezone.now()
    for i, stage in enumerate(Stage.values):
        make(recruiter, f"C{i}", due=now - dt.timedelta(hours=i), stage=stage, do_not_contact=i % 3 == 0)
    from_candidates = set(Candidate.objects.overdue(now).values_list("pk", flat=True))
    assert from_candidates == {c.pk for c in Candidate.objects.for_list() if is_overdue(c, now)}
    from_schedules = set(CheckInSchedule.objects.overdue(now).values_list("candidate_id", flat=True))
    assert from_candidates == from_schedules and from_candidates


def test_candidates_without_a_schedule_still_list_and_are_not_overdue(recruiter):
    orphan = make(recruiter, "No schedule")
    CheckInSchedule.objects.filter(candidate=orphan).delete()
    now = timezone.now()
    listed = Candidate.objects.for_list().sorted_by("next_due")
    assert [(c.full_name, is_overdue(c, now)) for c in listed] == [("No schedule", False)]
    assert not Candidate.objects.overdue(now).exists()


def test_search_ignores_case_and_surrounding_space(recruiter):
    make(recruiter, "Ada Lovelace", email="ada@engines.example", current_company="Analytical")
    make(recruiter, "Grace Hopper", email="grace@navy.example", current_company="Navy")
    assert names(Candidate.objects.search("  LOVE ")) == ["Ada Lovelace"]
    assert names(Candidate.objects.search("navy.EXAMPLE")) == ["Grace Hopper"]
    assert names(Candidate.objects.search("analyt")) == ["Ada Lovelace"]
    assert names(Candidate.objects.search("   ")) == ["Ada Lovelace", "Grace Hopper"]


def test_unknown_sort_falls_back_to_name(recruiter):
    make(recruiter, "Zed", tier=Tier.TOP)
    make(recruiter, "Amy", tier=Tier.POOL)
    assert names(Candidate.objects.sorted_by("salary")) == ["Amy", "Zed"]
    assert names(Candidate.objects.sorted_by("tier")) == ["Zed", "Amy"]


def test_sorts_break_ties_by_id_so_pages_are_stable(recruiter):
    first = make(recruiter, "Same")
    second = make(recruiter, "Same")
    assert list(Candidate.objects.sorted_by("name").values_list("pk", flat=True)) == [first.pk, second.pk]
    assert list(Candidate.objects.sorted_by("recent").values_list("pk", flat=True)) == [second.pk, first.pk]


def test_email_taken_is_case_insensitive_and_can_exclude_one(recruiter):
    ada = make(recruiter, "Ada", email="ada@engines.example")
    assert Candidate.objects.email_taken(" ADA@Engines.example ").get() == ada
    assert not Candidate.objects.email_taken("ada@engines.example", exclude_pk=ada.pk).exists()


def test_tagged_with_any_skill_ignores_case_and_matches_whole_tags(recruiter):
    go = CandidateFactory(owner=recruiter, skills=["Go", "PostgreSQL"])
    CandidateFactory(owner=recruiter, skills=["Django"])
    ml = CandidateFactory(owner=recruiter, skills=["Machine Learning"])
    CandidateFactory(owner=recruiter)
    assert set(Candidate.objects.with_any_skill(["GO"])) == {go}
    assert set(Candidate.objects.with_any_skill(["postgresql", "machine learning"])) == {go, ml}
    assert not Candidate.objects.with_any_skill(["machine"]).exists()
    assert Candidate.objects.with_any_skill([]).count() == 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_the_skill_filter_can_use_its_index(recruiter):
    CandidateFactory(owner=recruiter, skills=["Go"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert "candidate_skills_lower" in Candidate.objects.with_any_skill(["go"]).explain()
