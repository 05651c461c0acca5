"""The roll-ups give the live queries' figures for any range, recruiter, tier and viewer timezone.

The team is test_figures.py's, plus rows either side of the local midnights that start a
period or a week in Los Angeles, London and Kolkata (a zone whose midnight is off the UTC
hour), and rows either side of the 2025 and 2026 daylight-saving changes in Los Angeles and
London, so a range read in the wrong zone or with the wrong offset would show.
"""
import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from candidates.choices import GotAwayReason as R
from candidates.choices import Stage, Tier
from candidates.services import candidate_update
from candidates.tests.factories import FeedbackFactory
from outreach.choices import TouchKind as K
from outreach.dashboard.filters import parse_filters
from outreach.dashboard.rolled import RolledFigures, dashboard_figures
from outreach.dashboard.rollup import dashboard_rollups_rebuild, dashboard_rollups_refresh
from outreach.dashboard.sources import FIELDS, LiveFigures
from outreach.dashboard.views import SECTIONS
from outreach.models import DashboardChange, DashboardCount, DashboardRollupState
from outreach.services import feedback_share, touch_point_log

from .test_figures import NOW, at, build_team, interview, make
from .test_views import ROLLUP_QUERIES, URL, _grow, csv_rows

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the roll-ups are a PostgreSQL feature"),
]
ZONES = ["America/Los_Angeles", "Europe/London", "Asia/Kolkata", "UTC"]
FIRST_DAY, LAST_DAY = dt.date(2025, 3, 1), dt.date(2026, 3, 18)


@pytest.fixture
def team(recruiter, other_recruiter):
    c = build_team(recruiter, other_recruiter)
    # Either side of local midnight on 1 Mar (this month), 19 Dec (90 days), 1 Jan (this year)
    # and the Mondays that start this week and the first of the 12 weeks charted.
    c["K"] = make(recruiter, Tier.WARM, R.TIMING,
                  moves=[(at(2, 28, 20), Stage.NURTURING), (at(3, 1, 3), Stage.RE_ENGAGED)],
                  touches=[(at(2, 28, 20), K.EMAIL), (at(3, 1, 3), K.PHONE_CALL), (at(3, 16, 2), K.SOCIAL),
                           (at(3, 16, 6), K.EMAIL), (at(12, 29, 3, year=2025), K.MEETING)])
    c["L"] = make(other_recruiter, Tier.TOP, R.COMPENSATION_GAP,
                  moves=[(at(12, 18, 20, year=2025), Stage.NURTURING), (at(1, 1, 2), Stage.RE_ENGAGED)],
                  touches=[(at(12, 18, 20, year=2025), K.EMAIL), (at(1, 1, 2), K.MEETING)])
    # Around the clock changes: 9 Mar 2025, 2 Nov 2025 and 8 Mar 2026 in Los Angeles;
    # 30 Mar and 26 Oct 2025 in London. Half past the hour, so partial hours are read live too.
    c["M"] = make(recruiter, Tier.TOP, R.TIMING, created=dt.datetime(2025, 2, 1, tzinfo=dt.UTC),
                  moves=[(dt.datetime(2025, 3, 9, 7, 30, tzinfo=dt.UTC), Stage.NURTURING),
                         (dt.datetime(2025, 11, 2, 8, 30, tzinfo=dt.UTC), Stage.RE_ENGAGED),
                         (dt.datetime(2026, 3, 8, 9, 30, tzinfo=dt.UTC), Stage.INTERVIEWING)],
                  touches=[(dt.datetime(2025, 3, 30, 0, 30, tzinfo=dt.UTC), K.EMAIL),
                           (dt.datetime(2025, 3, 30, 1, 30, tzinfo=dt.UTC), K.PHONE_CALL),
                           (dt.datetime(2025, 10, 25, 23, 30, tzinfo=dt.UTC), K.EMAIL),
                           (dt.datetime(2025, 10, 26, 0, 30, tzinfo=dt.UTC), K.SOCIAL),
                           (dt.datetime(2025, 11, 2, 7, 30, tzinfo=dt.UTC), K.MEETING),
                           (dt.datetime(2025, 11, 2, 8, 30, tzinfo=dt.UTC), K.EMAIL),
                           (dt.datetime(2026, 3, 8, 7, 30, tzinfo=dt.UTC), K.EMAIL),
                           (dt.datetime(2026, 3, 8, 10, 30, tzinfo=dt.UTC), K.PHONE_CALL),
                           (dt.datetime(2026, 3, 18, 11, 30, tzinfo=dt.UTC), K.EMAIL),
                           # The first hours of 8 Mar 2026 in Los Angeles (08:00 UTC), 20 Dec 2025 in
                           # Kolkata (18:30 UTC the day before) and 1 Jul 2025 in London (23:00 UTC).
                           (dt.datetime(2026, 3, 8, 8, 15, tzinfo=dt.UTC), K.MEETING),
                           (dt.datetime(2025, 12, 19, 18, 45, tzinfo=dt.UTC), K.EMAIL),
                           (dt.datetime(2025, 12, 19, 19, 10, tzinfo=dt.UTC), K.SOCIAL),
                           (dt.datetime(2025, 6, 30, 23, 20, tzinfo=dt.UTC), K.PHONE_CALL)])
    c["N"] = make(other_recruiter, Tier.WARM, R.DECLINED_OFFER, created=dt.datetime(2025, 2, 1, tzinfo=dt.UTC),
                  moves=[(dt.datetime(2025, 6, 30, 23, 20, tzinfo=dt.UTC), Stage.NURTURING),
                         (dt.datetime(2025, 12, 19, 18, 45, tzinfo=dt.UTC), Stage.RE_ENGAGED),
                         (dt.datetime(2025, 12, 19, 19, 10, tzinfo=dt.UTC), Stage.INTERVIEWING),
                         (dt.datetime(2026, 3, 8, 8, 15, tzinfo=dt.UTC), Stage.REHIRED)])
    # Shared late in the UTC evening: the next day in Kolkata, the same day in Los Angeles.
    interview(c["L"], dt.date(2026, 3, 1), at(3, 1, 22))
    interview(c["L"], dt.date(2026, 2, 28), at(3, 1, 2), at(3, 4, 23))
    interview(c["M"], dt.date(2025, 3, 9), dt.datetime(2025, 3, 9, 23, 30, tzinfo=dt.UTC))
    interview(c["M"], dt.date(2025, 11, 1), None)
    interview(c["M"], dt.date(2025, 11, 2), dt.datetime(2025, 12, 20, 9, 0, tzinfo=dt.UTC))
    return c


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def _comparable(name: str, value):
    # Reason rows come back in whatever order the database grouped them.
    if name == "reasons_by_tier":
        return sorted(value, key=lambda row: (row["got_away_reason"], row["tier"]))
    return value


def assert_same_figures(query: str, zone: str) -> None:
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        f = parse_filters(QueryDict(query), now=timezone.now())
        rolled, live = dashboard_figures(f), LiveFigures(f)
        assert isinstance(rolled, RolledFigures)
        for name in FIELDS:
            assert _comparable(name, getattr(rolled, name)) == _comparable(name, getattr(live, name)), (
                f"{name} differs for {query} in {zone}")


def test_every_preset_view_equals_the_live_queries(team, frozen, recruiter, other_recruiter):
    dashboard_rollups_refresh()
    for zone in ZONES:
        for period in ("month", "90d", "year"):
            for who in ("", recruiter.pk, other_recruiter.pk):
                for tier in ("", *Tier.values):
                    assert_same_figures(f"period={period}&recruiter={who}&tier={tier}", zone)


def test_the_sections_drawn_from_the_roll_ups_are_the_live_ones(team, frozen):
    dashboard_rollups_refresh()
    with timezone.override(zoneinfo.ZoneInfo("Asia/Kolkata")):
        f = parse_filters(QueryDict("period=year"), now=NOW)
        rolled, live = dashboard_figures(f), LiveFigures(f)
        for build in SECTIONS.values():
            assert build(f, rolled) == build(f, live)


# Any day, half the time one of the days the rows above sit on the edge of.
EDGES = [dt.date(2025, 3, 9), dt.date(2025, 3, 30), dt.date(2025, 7, 1), dt.date(2025, 10, 26), dt.date(2025, 11, 2),
         dt.date(2025, 12, 19), dt.date(2025, 12, 20), dt.date(2026, 1, 1), dt.date(2026, 3, 1), dt.date(2026, 3, 8),
         dt.date(2026, 3, 16)]
dates = st.one_of(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY), st.sampled_from(EDGES))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=dates, last=dates, zone=st.sampled_from(ZONES), who=st.sampled_from([None, "rita", "oscar"]),
       tier=st.sampled_from(["", *Tier.values]))
def test_any_custom_range_equals_the_live_queries(team, frozen, recruiter, other_recruiter, first, last, zone, who,
                                                  tier):
    """Random ranges, recruiters, tiers and zones, many of them across a clock change."""
    if not DashboardRollupState.objects.exists():
        dashboard_rollups_refresh()
    first, last = min(first, last), max(first, last)
    owner = {"rita": recruiter.pk, "oscar": other_recruiter.pk}.get(who, "")
    assert_same_figures(f"period=custom&from={first}&to={last}&recruiter={owner}&tier={tier}", zone)


@pytest.mark.parametrize("zone", ZONES)
def test_ranges_starting_and_ending_on_each_edge_day_equal_the_live_queries(team, frozen, zone):
    dashboard_rollups_refresh()
    for day in EDGES:
        assert_same_figures(f"period=custom&from={day}&to=2026-03-18", zone)
        assert_same_figures(f"period=custom&from=2025-03-01&to={day}", zone)
        assert_same_figures(f"period=custom&from={day}&to={day}&tier=1", zone)


def test_ranges_across_the_clock_changes_count_the_hours_either_side(team, frozen):
    dashboard_rollups_refresh()
    with timezone.override(zoneinfo.ZoneInfo("America/Los_Angeles")):
        # 8 Mar 2026 00:00 PST is 08:00 UTC: the 07:30 touch is the day before, 08:15 and 10:30 on it.
        f = parse_filters(QueryDict("period=custom&from=2026-03-08&to=2026-03-08"), now=NOW)
        assert sum(dashboard_figures(f).team_touches.values()) == 2
        # 2 Nov 2025 00:00 PDT is 07:00 UTC: both that morning's touches are on the 2nd.
        f = parse_filters(QueryDict("period=custom&from=2025-11-02&to=2025-11-02"), now=NOW)
        assert sum(dashboard_figures(f).team_touches.values()) == 2


def test_a_late_entry_a_new_owner_and_shared_feedback_are_counted_after_a_refresh(team, frozen, recruiter,
                                                                                   other_recruiter):
    dashboard_rollups_refresh()
    later = NOW + dt.timedelta(minutes=5)
    with time_machine.travel(later, tick=False):
        # A call from last month logged today, a candidate handed over with a tier change,
        # feedback shared now on an interview of last November.
        touch_point_log(candidate=team["B"], kind=K.PHONE_CALL, occurred_at=at(2, 10), author=recruiter)
        candidate_update(candidate=team["M"], changed_by=recruiter, owner=other_recruiter, tier=Tier.POOL)
        unshared = team["M"].interviews.get(occurred_on=dt.date(2025, 11, 1))
        feedback_share(feedback=FeedbackFactory(interview=unshared), via="email", shared_at=later, shared_by=recruiter)
        assert DashboardChange.objects.exists()
        result = dashboard_rollups_refresh()
        assert result["changes"] > 0
        assert not DashboardChange.objects.exists()
        for zone in ("UTC", "America/Los_Angeles"):
            for query in ("period=year", "period=custom&from=2025-03-01&to=2026-03-18", "period=90d&tier=4"):
                assert_same_figures(query, zone)


def test_what_happened_since_the_last_refresh_is_on_the_page_at_once(team, frozen, recruiter):
    dashboard_rollups_refresh()
    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        f = parse_filters(QueryDict("period=month"), now=timezone.now())
        before = dashboard_figures(f).team_touches[recruiter.pk]
        touch_point_log(candidate=team["A"], kind=K.EMAIL, occurred_at=timezone.now(), author=recruiter)
        f = parse_filters(QueryDict("period=month"), now=timezone.now())
        assert dashboard_figures(f).team_touches[recruiter.pk] == before + 1
        assert_same_figures("period=month", "UTC")


def test_a_refresh_the_next_day_rolls_up_the_day_that_ended(team, frozen):
    dashboard_rollups_refresh()
    with time_machine.travel(NOW + dt.timedelta(days=1, hours=2), tick=False):
        dashboard_rollups_refresh()
        state = DashboardRollupState.objects.get()
        assert state.rolled_until == timezone.now()
        for zone in ZONES:
            assert_same_figures("period=90d", zone)


def test_refresh_and_rebuild_agree_and_repeat_the_same_rows(team, frozen):
    dashboard_rollups_refresh()
    first = sorted(DashboardCount.objects.values_list("figure", "tier", "owner_id", "day", "key", "prev_day", "n"))
    dashboard_rollups_refresh()
    assert sorted(DashboardCount.objects.values_list("figure", "tier", "owner_id", "day", "key", "prev_day",
                                                     "n")) == first
    dashboard_rollups_rebuild()
    assert sorted(DashboardCount.objects.values_list("figure", "tier", "owner_id", "day", "key", "prev_day",
                                                     "n")) == first


def test_a_removed_candidate_leaves_the_figures(team, frozen):
    dashboard_rollups_refresh()
    team["M"].delete()
    dashboard_rollups_refresh()
    for zone in ("UTC", "Europe/London"):
        assert_same_figures("period=custom&from=2025-03-01&to=2026-03-18", zone)


def test_before_the_first_refresh_the_page_computes_live(team, frozen):
    f = parse_filters(QueryDict("period=90d"), now=NOW)
    assert isinstance(dashboard_figures(f), LiveFigures)


def test_the_page_reads_the_roll_ups_with_the_same_queries_however_large_the_team(manager_client, team, frozen,
                                                                                  django_assert_num_queries):
    dashboard_rollups_refresh()
    with django_assert_num_queries(ROLLUP_QUERIES):
        small = manager_client.get(URL)
    _grow()
    dashboard_rollups_refresh()
    with django_assert_num_queries(ROLLUP_QUERIES):
        large = manager_client.get(URL)
    team_rows = [r.context["s"]["team"].tables["team"].rows for r in (small, large)]
    assert len(team_rows[1]) == len(team_rows[0]) + 3
    assert "pipeline counts as of 12:00 (refreshed every minute)" in large.content.decode()


def test_the_csv_reads_the_same_figures_as_the_page(manager_client, team, frozen):
    dashboard_rollups_refresh()
    page = manager_client.get(URL, {"period": "year"})
    csv = manager_client.get(reverse("outreach:dashboard_csv", args=["team"]), {"period": "year"})
    rows = csv_rows(csv)
    assert [str(cell) for cell in page.context["s"]["team"].tables["team"].rows[0]][0] == rows[1][0]


@pytest.mark.django_db(transaction=True)
def test_the_nightly_rebuild_on_its_own_connections_writes_the_same_rows(recruiter, other_recruiter):
    """Outside a transaction the rebuild writes a new table on two connections and swaps it in."""
    with time_machine.travel(NOW, tick=False):
        build_team(recruiter, other_recruiter)
        dashboard_rollups_rebuild()
        columns = ("figure", "tier", "owner_id", "day", "key", "prev_day", "n", "hours")
        threaded = sorted(DashboardCount.objects.values_list(*columns))
        assert threaded
        with transaction.atomic():
            dashboard_rollups_rebuild()  # in place, one family after another
            assert sorted(DashboardCount.objects.values_list(*columns)) == threaded
        assert_same_figures("period=year", "Asia/Kolkata")


def test_a_new_owner_or_tier_moves_the_candidates_history_without_recounting_its_days(team, frozen, recruiter,
                                                                                      other_recruiter):
    dashboard_rollups_refresh()
    later = NOW + dt.timedelta(minutes=5)
    with time_machine.travel(later, tick=False):
        candidate_update(candidate=team["M"], changed_by=recruiter, tier=Tier.POOL)
        candidate_update(candidate=team["N"], changed_by=other_recruiter, owner=recruiter)
        candidate_update(candidate=team["N"], changed_by=recruiter, tier=Tier.TOP)  # twice since the refresh
        result = dashboard_rollups_refresh()
        assert result["days"] == 4  # today, for each family: the year of history was moved, not recounted
        for zone in ("UTC", "Asia/Kolkata"):
            for query in ("period=custom&from=2025-03-01&to=2026-03-18", f"period=year&recruiter={recruiter.pk}",
                          "period=90d&tier=1", "period=90d&tier=4"):
                assert_same_figures(query, zone)
        assert not DashboardCount.objects.filter(n=0).exists()
