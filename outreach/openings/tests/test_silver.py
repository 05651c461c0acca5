"""Who is a silver medallist for an opening, in which order, and the line saying why."""
import datetime as dt

import pytest

from candidates.choices import InterviewStage, Recommendation, Stage
from candidates.tests.factories import FeedbackFactory, InterviewFactory
from outreach.openings import silver
from outreach.openings.silver import silver_medallists, silver_rows

from .factories import OpeningFactory, finalist

pytestmark = pytest.mark.django_db


@pytest.fixture
def opening(manager):
    return OpeningFactory(hiring_manager=manager, skills=["Python", "Django", "PostgreSQL"])


def names(opening) -> list[str]:
    rows = silver_rows(opening, list(silver_medallists(opening)))
    return [row.candidate.full_name for row in rows]


def test_a_final_round_yes_sharing_a_skill_is_a_silver_medallist(opening):
    finalist(full_name="Ada", skills=["python", "Rust"])
    [match] = silver_medallists(opening)
    assert match.shared_skills == 1
    assert match.recommendation == Recommendation.YES
    assert match.final_on == dt.date(2025, 3, 12)
    assert match.role_title == "Staff Engineer"


@pytest.mark.parametrize("left_out", [
    pytest.param({"skills": ["Go", "Rust"]}, id="no skill in common"),
    pytest.param({"skills": ["Python"], "recommendation": Recommendation.MIXED}, id="mixed"),
    pytest.param({"skills": ["Python"], "interview_stage": InterviewStage.ONSITE}, id="not a final round"),
    pytest.param({"skills": ["Python"], "do_not_contact": True}, id="do not contact"),
    pytest.param({"skills": ["Python"], "stage": Stage.NOT_INTERESTED}, id="not interested"),
    pytest.param({"skills": ["Python"], "stage": Stage.DO_NOT_CONTACT}, id="stage do not contact"),
])
def test_who_is_left_out(opening, left_out):
    finalist(full_name="Left out", **left_out)
    finalist(full_name="In", skills=["Django"])
    assert names(opening) == ["In"]
    assert silver_medallists(opening).count() == 1


def test_an_erased_candidate_is_left_out(opening, admin_user):
    from outreach.privacy.erasure import candidate_erase

    candidate = finalist(full_name="Erased", skills=["Python"])
    candidate_erase(candidate=candidate, request=None, by=admin_user)
    assert names(opening) == []


def test_a_skill_inside_another_word_is_no_overlap(manager):
    opening = OpeningFactory(hiring_manager=manager, skills=["Go"])
    finalist(full_name="Djangoist", skills=["Django", "MongoDB"])
    finalist(full_name="Gopher", skills=["GO"])
    assert names(opening) == ["Gopher"]


def test_an_opening_without_skills_has_none(manager):
    opening = OpeningFactory(hiring_manager=manager, skills=[])
    finalist(skills=["Python"])
    assert list(silver_medallists(opening)) == []
    assert silver_medallists(opening).count() == 0


def test_a_yes_on_a_final_round_counts_even_beside_a_no_on_another(opening):
    candidate = finalist(full_name="Both", skills=["Python"], recommendation=Recommendation.NO)
    later = InterviewFactory(candidate=candidate, stage=InterviewStage.FINAL, occurred_on=dt.date(2025, 6, 2),
                             role_title="Lead Engineer")
    FeedbackFactory(interview=later, recommendation=Recommendation.STRONG_YES)
    [match] = silver_medallists(opening)
    assert (match.recommendation, match.role_title) == (Recommendation.STRONG_YES, "Lead Engineer")


def test_ranked_by_shared_skills_then_recommendation_then_most_recent(opening):
    finalist(full_name="One skill, strong yes", skills=["Python"], recommendation=Recommendation.STRONG_YES)
    finalist(full_name="Two skills, yes, older", skills=["Python", "Django"], on=dt.date(2024, 1, 5))
    finalist(full_name="Two skills, yes, recent", skills=["Python", "Django"], on=dt.date(2025, 9, 1))
    finalist(full_name="Two skills, strong yes", skills=["django", "POSTGRESQL"],
             recommendation=Recommendation.STRONG_YES, on=dt.date(2023, 2, 1))
    finalist(full_name="Three skills", skills=["PostgreSQL", "Python", "Django"], on=dt.date(2022, 5, 1))
    assert names(opening) == [
        "Three skills", "Two skills, strong yes", "Two skills, yes, recent", "Two skills, yes, older",
        "One skill, strong yes",
    ]


def test_the_reason_says_which_final_round_which_mark_and_which_skills(opening):
    finalist(skills=["django", "Python", "Kafka"], recommendation=Recommendation.STRONG_YES,
             on=dt.date(2025, 3, 20), role_title="Staff Engineer")
    [row] = silver_rows(opening, list(silver_medallists(opening)))
    # The opening's spelling and order, whatever the candidate typed.
    assert row.reason == "Final round for Staff Engineer, Mar 2025 · Strong yes · shares Python, Django"


def test_pages_are_slices_of_the_same_order(opening):
    for day in range(1, 8):
        finalist(full_name=f"Day {day}", skills=["Python"], on=dt.date(2025, 1, day))
    medallists = silver_medallists(opening)
    everyone = [match.candidate_id for match in medallists]
    assert [m.candidate_id for m in medallists[0:3]] + [m.candidate_id for m in medallists[3:7]] == everyone
    assert medallists[5:] == list(medallists)[5:]
    assert medallists.count() == len(everyone) == 7


def test_the_portable_query_finds_the_same_rows_in_the_same_order(opening):
    """SQLite runs the ORM version; both must agree, so it is checked here against PostgreSQL's."""
    finalist(full_name="A", skills=["Python", "Django"], on=dt.date(2024, 1, 5))
    finalist(full_name="B", skills=["postgresql"], recommendation=Recommendation.STRONG_YES)
    finalist(full_name="C", skills=["Go"])
    finalist(full_name="D", skills=["Django"], recommendation=Recommendation.MIXED)
    portable = silver._portable(silver.opening_tags(opening))
    rows = list(portable.values_list("id", "shared_skills", "best_recommendation", "final_on", "final_role",
                                     "final_interview_id"))
    assert [silver.SilverMatch(*row) for row in rows] == list(silver_medallists(opening))
    assert portable.count() == 2


def test_a_page_read_carries_the_total(opening, django_assert_num_queries):
    for day in range(1, 5):
        finalist(skills=["Python"], on=dt.date(2025, 2, day))
    medallists = silver_medallists(opening)
    with django_assert_num_queries(1):
        assert len(medallists[0:2]) == 2
        assert medallists.count() == 4
        assert medallists[0:2] == medallists[0:2]  # read once


def test_skills_that_are_not_a_list_of_tags_never_break_the_list(opening):
    """Typed text stored as it was (a JSON string, not tags: the services clean it, a raw write may not)."""
    text = finalist(full_name="Text", skills=[])
    type(text).objects.filter(pk=text.pk).update(skills="python")
    finalist(full_name="Tags", skills=["Python"])
    assert names(opening) == ["Tags"]
    assert silver.shared_skill_names(opening, "Python, go") == ["Python"]


def test_the_signal_job_gets_the_best_few_with_their_reason(opening):
    finalist(full_name="Ada Lovelace", skills=["Python", "Django"], recommendation=Recommendation.STRONG_YES,
             on=dt.date(2025, 3, 3), role_title="Senior Backend Engineer")
    finalist(full_name="Bo Second", skills=["Python"])
    finalist(full_name="Cy Interviewing", skills=["Python", "Django", "PostgreSQL"], stage=Stage.INTERVIEWING)
    found = list(silver.silver_medallist_signals(opening=opening, kind="silver_medallist", score=40, limit=1,
                                                 stages=[Stage.GOT_AWAY, Stage.NURTURING]))
    [signal] = found
    assert (signal.kind, signal.subject, signal.score, signal.opening_id) == (
        "silver_medallist", f"opening:{opening.pk}", 40, opening.pk)
    assert signal.reason == ("Ada made the final round for Senior Backend Engineer in Mar 2025 (Strong yes); "
                             "Staff Engineer needs Python, Django.")
    everyone = silver.silver_medallist_signals(opening=opening, kind="silver_medallist", score=40)
    assert [s.reason.split()[0] for s in everyone] == ["Cy", "Ada", "Bo"]
