"""Every dashboard figure against a small hand-built team whose right answers are worked out below.

The team, as of NOW (Wednesday 18 March 2026, 12:00 UTC); candidates created 1 Oct 2025 unless noted.
Rita owns A–E and J, Oscar owns F–I.

    A top  declined_offer    got away → nurturing 10 Jan → re-engaged 10 Feb → interviewing 5 Mar → rehired 10 Mar
    B top  compensation_gap  → nurturing 2 Mar
    C warm declined_offer    got away, schedule paused
    D warm timing            → re-engaged 1 Nov 2025
    E pool (no reason)       → not interested 20 Feb
    J pool timing            → nurturing 5 Jan
    F top  declined_offer    → interviewing 12 Mar
    G top  compensation_gap  created 15 Mar, never touched
    H pool timing            do not contact (interviewed 20 Feb; two scorecards shared 2 and 5 Mar)
    I warm declined_offer    → re-engaged 1 Dec 2025, back to nurturing 8 Mar

Last 90 days = 19 Dec 2025 – 18 Mar 2026; this month = 1 – 18 Mar 2026.
"""
import datetime as dt

import pytest
import time_machine
from django.http import QueryDict

from candidates.choices import GotAwayReason as R
from candidates.choices import Stage, Tier
from candidates.services import candidate_update
from candidates.tests.factories import CandidateFactory, FeedbackFactory, InterviewFactory
from outreach.choices import TouchKind as K
from outreach.dashboard import activity, figures, queries
from outreach.dashboard.filters import parse_filters
from outreach.services import feedback_share, schedule_set_paused, touch_point_log

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 18, 12, 0, tzinfo=dt.UTC)
CREATED = dt.datetime(2025, 10, 1, 10, 0, tzinfo=dt.UTC)


def at(month: int, day: int, hour: int = 12, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=dt.UTC)


def make(owner, tier, reason, *, created=CREATED, stage=Stage.GOT_AWAY, moves=(), touches=(), **fields):
    with time_machine.travel(created, tick=False):
        candidate = CandidateFactory(owner=owner, tier=tier, got_away_reason=reason, stage=stage, **fields)
    for when, to_stage in moves:
        with time_machine.travel(when, tick=False):
            candidate_update(candidate=candidate, changed_by=owner, stage=to_stage)
    for when, kind in touches:
        touch_point_log(candidate=candidate, kind=kind, occurred_at=when, author=owner)
    return candidate


def interview(candidate, on: dt.date, *shared: dt.datetime | None):
    """An interview with one scorecard per entry in shared (None = written but never shared)."""
    iv = InterviewFactory(candidate=candidate, occurred_on=on)
    for when in shared:
        fb = FeedbackFactory(interview=iv)
        if when:
            feedback_share(feedback=fb, via="email", shared_at=when, shared_by=candidate.owner)
    return iv


@pytest.fixture
def team(recruiter, other_recruiter):
    return build_team(recruiter, other_recruiter)


def build_team(rita, oscar) -> dict:
    """The hand-built team in this module's docstring; returns its candidates by letter."""
    c = {}
    c["A"] = make(rita, Tier.TOP, R.DECLINED_OFFER,
                  moves=[(at(1, 10), Stage.NURTURING), (at(2, 10), Stage.RE_ENGAGED),
                         (at(3, 5), Stage.INTERVIEWING), (at(3, 10), Stage.REHIRED)],
                  touches=[(at(3, 17), K.EMAIL), (at(3, 10), K.MEETING), (at(3, 3), K.PHONE_CALL)])
    interview(c["A"], dt.date(2026, 1, 5), at(1, 8, 10))
    c["B"] = make(rita, Tier.TOP, R.COMPENSATION_GAP, moves=[(at(3, 2), Stage.NURTURING)],
                  touches=[(at(2, 16), K.EMAIL)])
    interview(c["B"], dt.date(2026, 2, 1), None)
    c["C"] = make(rita, Tier.WARM, R.DECLINED_OFFER, touches=[(at(2, 15, 20), K.SOCIAL)])
    schedule_set_paused(schedule=c["C"].schedule, paused=True)
    interview(c["C"], dt.date(2026, 3, 10), at(3, 10, 15))
    c["D"] = make(rita, Tier.WARM, R.TIMING, moves=[(at(11, 1, year=2025), Stage.RE_ENGAGED)],
                  touches=[(at(2, 15), K.PHONE_CALL)])
    interview(c["D"], dt.date(2025, 6, 1), at(6, 2, 9, year=2025))
    c["E"] = make(rita, Tier.POOL, "", moves=[(at(2, 20), Stage.NOT_INTERESTED)])
    c["J"] = make(rita, Tier.POOL, R.TIMING, moves=[(at(1, 5), Stage.NURTURING)],
                  touches=[(at(12, 28, year=2025), K.EMAIL)])
    c["F"] = make(oscar, Tier.TOP, R.DECLINED_OFFER, moves=[(at(3, 12), Stage.INTERVIEWING)],
                  touches=[(at(12, 1, year=2025), K.EMAIL)])
    c["G"] = make(oscar, Tier.TOP, R.COMPENSATION_GAP, created=at(3, 15, 10))
    c["H"] = make(oscar, Tier.POOL, R.TIMING, stage=Stage.DO_NOT_CONTACT, do_not_contact=True)
    interview(c["H"], dt.date(2026, 2, 20), at(3, 2, 9), at(3, 5, 9))
    c["I"] = make(oscar, Tier.WARM, R.DECLINED_OFFER,
                  moves=[(at(12, 1, year=2025), Stage.RE_ENGAGED), (at(3, 8), Stage.NURTURING)],
                  touches=[(at(8, 1, year=2025), K.EMAIL)])
    return c


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def filters(query: str = ""):
    return parse_filters(QueryDict(query), now=NOW)


def column(table, index: int) -> list:
    return [str(row[index]) if row[index] is not None else None for row in table.rows]


# --- Pipeline ---------------------------------------------------------------------------------------

def test_funnel_counts_reached_and_conversion(team, frozen):
    table = figures.pipeline(filters()).tables["pipeline"]
    assert column(table, 0)[:5] == ["Got away", "Nurturing", "Re-engaged", "Interviewing", "Rehired"]
    assert column(table, 1) == ["2", "3", "1", "1", "1", "1", "1"]  # now in stage, then the two exits
    assert [row[2] for row in table.rows[:5]] == [8, 6, 3, 2, 1]
    assert [row[3] for row in table.rows[:5]] == [None, 75.0, 50.0, 66.7, 50.0]


def test_forward_moves_in_the_last_90_days(team, frozen):
    section = figures.pipeline(filters("period=90d"))
    assert [row[4] for row in section.tables["pipeline"].rows[:5]] == [0, 3, 1, 2, 1]
    facts = section.facts
    assert (facts["movers"], facts["forward_moves"], facts["backward_moves"]) == (4, 7, 1)
    assert (facts["exits"], facts["added"], facts["left"]) == (1, 1, 2)


def test_forward_moves_this_month(team, frozen):
    section = figures.pipeline(filters("period=month"))
    assert [row[4] for row in section.tables["pipeline"].rows[:5]] == [0, 1, 0, 2, 1]
    assert (section.facts["movers"], section.facts["exits"], section.facts["backward_moves"]) == (3, 0, 1)


def test_recruiter_and_tier_filters_narrow_the_pipeline(team, frozen, other_recruiter):
    oscar = figures.pipeline(filters(f"recruiter={other_recruiter.pk}"))
    assert column(oscar.tables["pipeline"], 1) == ["1", "1", "0", "1", "0", "0", "1"]
    assert (oscar.facts["movers"], oscar.facts["backward_moves"], oscar.facts["added"]) == (1, 1, 1)
    top = figures.pipeline(filters("tier=1"))
    assert column(top.tables["pipeline"], 1) == ["1", "1", "0", "1", "1", "0", "0"]
    assert top.facts["movers"] == 3


def test_stage_counts_link_to_the_filtered_candidate_list(team, frozen, recruiter):
    table = figures.pipeline(filters(f"recruiter={recruiter.pk}&tier=2")).tables["pipeline"]
    assert table.rows[1][1].href == f"/candidates/?tier=2&stage=nurturing&owner={recruiter.pk}"


# --- Why they got away ----------------------------------------------------------------------------

def test_reasons_split_by_tier_with_re_engagement_share(team, frozen):
    table = figures.reasons(filters()).tables["reasons"]
    assert [[str(v) for v in row] for row in table.rows] == [
        ["Declined our offer", "2", "2", "0", "4", "2", "50.0"],
        ["Timing / not ready", "0", "1", "2", "3", "1", "33.3"],
        ["Compensation gap", "2", "0", "0", "2", "0", "0.0"],
        ["Not recorded", "0", "0", "1", "1", "0", "0.0"],
    ]
    assert table.rows[0][1].href == "/candidates/?reason=declined_offer&tier=1"


def test_best_re_engaging_reason(team, frozen):
    assert figures.reasons(filters()).facts["best_reason"] == "Declined our offer"
    assert figures.reasons(filters("tier=2")).facts["best_reason"] == "Timing / not ready"  # D 1/1 vs C, I 0/2


# --- Going cold ------------------------------------------------------------------------------------

def test_days_since_last_touch_buckets(team, frozen):
    table = figures.going_cold(filters()).tables["cold"]
    # A 1 day, B exactly 30, D 31, J 80, F 107, I 229, G never; C paused, E and H left the pipeline.
    assert table.columns == ["Days since last touch", "Top", "Warm", "Pool", "Total"]
    assert [row[1:] for row in table.rows] == [
        [2, 0, 0, 2],  # A, B
        [0, 1, 0, 1],  # D
        [0, 0, 1, 1],  # J
        [1, 0, 0, 1],  # F
        [0, 1, 0, 1],  # I
        [1, 0, 0, 1],  # G
    ]
    assert table.rows[-1][0] == "Never touched"


def test_cold_buckets_follow_the_recruiter_filter(team, frozen, recruiter):
    table = figures.going_cold(filters(f"recruiter={recruiter.pk}")).tables["cold"]
    assert [row[-1] for row in table.rows] == [2, 1, 1, 0, 0, 0]
    warm = figures.going_cold(filters("tier=2")).tables["cold"]
    assert warm.columns == ["Days since last touch", "Warm", "Total"]
    assert [row[1] for row in warm.rows] == [0, 1, 0, 0, 1, 0]


def test_top_tier_overdue_longest_first(team, frozen):
    table = figures.overdue(filters()).tables["overdue"]
    assert [(str(r[0]), r[1], r[3]) for r in table.rows] == [(str(team["F"]), "Oscar Other", 93),
                                                             (str(team["B"]), "Rita Recruiter", 16)]
    assert table.rows[0][0].href == f"/candidates/{team['F'].pk}/"
    assert table.title == "Top-tier candidates overdue longest"


def test_overdue_list_follows_a_chosen_tier(team, frozen):
    table = figures.overdue(filters("tier=2")).tables["overdue"]
    assert [(str(r[0]), r[3], r[4]) for r in table.rows] == [(str(team["I"]), 199, "2025-08-01"),
                                                             (str(team["D"]), 1, "2026-02-15")]


# --- Team ------------------------------------------------------------------------------------------

def test_team_numbers_in_the_last_90_days(team, frozen):
    table = activity.team(filters()).tables["team"]
    # Sorted by overdue (tie) then name.
    assert [[str(v) for v in row] for row in table.rows] == [
        ["Oscar Other", "4", "2", "2", "2"],
        ["Rita Recruiter", "6", "2", "9", "2"],
    ]


def test_team_numbers_this_month_sorted_by_touches(team, frozen):
    table = activity.team(filters("period=month&sort=-touches")).tables["team"]
    assert [[str(v) for v in row] for row in table.rows] == [
        ["Rita Recruiter", "6", "2", "4", "1"],
        ["Oscar Other", "4", "2", "2", "2"],
    ]


def test_team_links_open_the_filtered_candidate_list(team, frozen, recruiter):
    row = activity.team(filters("tier=1&sort=name")).tables["team"].rows[1]
    assert row[0] == "Rita Recruiter"
    assert row[2].href == f"/candidates/?tier=1&owner={recruiter.pk}&overdue=1"
    assert row[1].href == f"/candidates/?tier=1&owner={recruiter.pk}"


# --- Activity --------------------------------------------------------------------------------------

def test_touch_points_per_week_by_kind(team, frozen):
    table = activity.activity(filters()).tables["activity"]
    assert table.rows[0][0] == "2025-12-29" and table.rows[-1][0] == "2026-03-16"
    kinds = table.columns[1:-1]
    weeks = {row[0]: {k: n for k, n in zip(kinds, row[1:-1], strict=True) if n} for row in table.rows}
    assert weeks["2026-01-05"] == {"Feedback shared": 1}
    assert weeks["2026-02-09"] == {"Phone call": 1, "Social engagement": 1}
    assert weeks["2026-02-16"] == {"Email": 1}
    assert weeks["2026-03-02"] == {"Phone call": 1, "Feedback shared": 2}
    assert weeks["2026-03-09"] == {"Meeting / coffee": 1, "Feedback shared": 1}
    assert weeks["2026-03-16"] == {"Email": 1}
    assert sum(row[-1] for row in table.rows) == 10  # J's touch on Sunday 28 Dec is just outside


def test_weeks_follow_the_viewers_timezone(team):
    # 20:00 UTC on Sunday 15 Feb is already Monday morning in Tokyo.
    with time_machine.travel(NOW, tick=False), _timezone("Asia/Tokyo"):
        table = activity.activity(filters()).tables["activity"]
    weeks = {row[0]: row[-1] for row in table.rows}
    assert (weeks["2026-02-09"], weeks["2026-02-16"]) == (1, 2)


# --- Feedback given --------------------------------------------------------------------------------

def test_feedback_share_and_speed_in_the_last_90_days(team, frozen):
    section = activity.feedback(filters())
    facts = section.facts
    assert (facts["interviews"], facts["candidates"], facts["candidates_shared"]) == (4, 4, 3)
    assert (facts["share"], facts["median"], facts["mean"]) == (75.0, 3, 4.3)  # delays 0, 3 and 10 days
    assert [row[1] for row in section.tables["feedback_delays"].rows] == [1, 1, 0, 1, 0, 0]


def test_feedback_figures_follow_period_and_tier(team, frozen):
    month = activity.feedback(filters("period=month")).facts
    assert (month["candidates"], month["share"], month["median"]) == (1, 100.0, 0)
    june = activity.feedback(filters("period=custom&from=2025-06-01&to=2025-06-30")).facts
    assert (june["candidates"], june["share"], june["median"]) == (1, 100.0, 1)
    pool = activity.feedback(filters("tier=3")).facts
    assert (pool["candidates"], pool["candidates_shared"], pool["median"]) == (1, 1, 10)  # H: first of two shares
    top = activity.feedback(filters("tier=1")).facts
    assert (top["candidates"], top["candidates_shared"], top["median"]) == (2, 1, 3)


def test_no_interviews_means_no_share_rather_than_zero(team, frozen):
    facts = activity.feedback(filters("period=custom&from=2024-01-01&to=2024-01-31")).facts
    assert (facts["candidates"], facts["share"], facts["median"], facts["mean"]) == (0, None, None, None)


def test_median_of_a_histogram():
    assert activity._median({}) is None
    assert activity._median({5: 1}) == 5
    assert activity._median({1: 1, 2: 1, 10: 2}) == 6  # 1, 2, 10, 10
    assert activity._median({0: 3, 7: 1}) == 0


def test_feedback_delay_never_counts_a_slip_as_negative(team, frozen):
    iv = InterviewFactory(candidate=team["G"], occurred_on=dt.date(2026, 3, 16))
    feedback = FeedbackFactory(interview=iv)
    feedback_share(feedback=feedback, via="email", shared_at=at(3, 14), shared_by=iv.candidate.owner)
    assert queries.feedback_delays(filters("period=month"))[0] == 2  # C same day, G "two days before"


def _timezone(name: str):
    import zoneinfo

    from django.utils import timezone

    return timezone.override(zoneinfo.ZoneInfo(name))
