"""The dashboard snapshot: stored figures equal the live ones, the page reads them, stale ones are not used.

The team is the hand-built one of test_figures.py, plus rows either side of the
local midnights that start a period or a week in Los Angeles, London and Kolkata, so that
the three viewers' figures differ and a snapshot computed in the wrong zone would show.
"""
import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from candidates.choices import GotAwayReason as R
from candidates.choices import Role, Stage, Tier
from candidates.models import RecruiterProfile
from candidates.services import recruiter_create
from outreach import tasks
from outreach.beat_schedule import JOBS
from outreach.choices import TouchKind as K
from outreach.dashboard.filters import parse_filters
from outreach.dashboard.snapshot import dashboard_snapshots_refresh, snapshot_for, snapshot_timezones
from outreach.dashboard.sources import FIELDS, LiveFigures
from outreach.dashboard.views import SECTIONS
from outreach.models import DashboardSnapshot
from outreach.services import touch_point_log

from .test_figures import NOW, at, build_team, interview, make
from .test_views import DASHBOARD_QUERIES, _grow, csv_rows

pytestmark = pytest.mark.django_db
URL = reverse("outreach:dashboard")
ZONES = ["America/Los_Angeles", "Asia/Kolkata", "UTC"]
# 6 for every signed-in page, team members, the snapshot row, and the live longest-overdue list;
# then one per registered section's grouped query (newsletters: reach and unsubscribe rate;
# events: held and attendance per quarter).
SNAPSHOT_QUERIES = 11


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
    # Shared late in the UTC evening: the next day in Kolkata, the same day in Los Angeles.
    interview(c["L"], dt.date(2026, 3, 1), at(3, 1, 22))
    interview(c["L"], dt.date(2026, 2, 28), at(3, 1, 2), at(3, 4, 23))
    return c


@pytest.fixture
def viewers(manager):
    """Managers in Los Angeles and Kolkata besides Mona (UTC); the recruiters' zones do not count."""
    for name, zone in (("lena", "America/Los_Angeles"), ("kiran", "Asia/Kolkata")):
        recruiter_create(username=name, email=f"{name}@example.com", password=f"pw-{name}-12345",
                         first_name=name.title(), role=Role.MANAGER, timezone_name=zone)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def _comparable(name: str, value):
    # Reason rows come back in whatever order the database grouped them.
    if name == "reasons_by_tier":
        return sorted(value, key=lambda row: (row["got_away_reason"], row["tier"]))
    return value


def test_snapshot_timezones_are_the_dashboard_viewers(team, viewers):
    assert snapshot_timezones() == ZONES


@pytest.mark.parametrize("zone", ZONES)
def test_snapshot_figures_equal_the_live_ones(team, viewers, frozen, recruiter, other_recruiter, zone):
    dashboard_snapshots_refresh(now=NOW)
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        for period in ("month", "90d", "year"):
            for who in ("", recruiter.pk, other_recruiter.pk):
                for tier in ("", *Tier.values):
                    f = parse_filters(QueryDict(f"period={period}&recruiter={who}&tier={tier}"), now=NOW)
                    stored, live = snapshot_for(f), LiveFigures(f)
                    assert stored is not None
                    for name in FIELDS:
                        assert _comparable(name, getattr(stored, name)) == _comparable(name, getattr(live, name)), (
                            f"{name} differs for {period}, recruiter {who}, tier {tier}"
                        )
                    for build in SECTIONS.values():
                        assert build(f, stored) == build(f, live)


def test_the_zones_see_different_figures(team, viewers, frozen):
    """The data above is only a test of zones if the zones' figures actually differ."""
    dashboard_snapshots_refresh(now=NOW)
    touches = {}
    for zone in ZONES:
        with timezone.override(zoneinfo.ZoneInfo(zone)):
            f = parse_filters(QueryDict("period=month"), now=NOW)
            touches[zone] = sum(snapshot_for(f).team_touches.values())
    assert len(set(touches.values())) == 3


def test_page_reads_the_snapshot_with_a_fixed_number_of_queries(manager_client, team, frozen,
                                                                django_assert_num_queries):
    dashboard_snapshots_refresh(now=NOW)
    with django_assert_num_queries(SNAPSHOT_QUERIES):
        small = manager_client.get(URL)
    _grow()
    dashboard_snapshots_refresh(now=NOW)
    with django_assert_num_queries(SNAPSHOT_QUERIES):
        large = manager_client.get(URL)
    team_rows = [r.context["s"]["team"].tables["team"].rows for r in (small, large)]
    assert len(team_rows[1]) == len(team_rows[0]) + 3
    assert "Figures as of 12:00 (refreshed every 10 minutes)" in large.content.decode()


def _rita_row(response) -> list[str]:
    rows = response.context["s"]["team"].tables["team"].rows
    return next([str(v) for v in row] for row in rows if row[0] == "Rita Recruiter")


def test_page_shows_the_snapshot_not_what_changed_since(manager_client, team, frozen, recruiter):
    dashboard_snapshots_refresh(now=NOW)
    before = _rita_row(manager_client.get(URL))
    touch_point_log(candidate=team["A"], kind=K.EMAIL, occurred_at=NOW - dt.timedelta(hours=1), author=recruiter)
    assert _rita_row(manager_client.get(URL)) == before
    with time_machine.travel(NOW + dt.timedelta(minutes=21), tick=False):
        response = manager_client.get(URL)
    assert int(_rita_row(response)[3]) == int(before[3]) + 1
    assert "Figures computed live." in response.content.decode()


def test_the_as_of_time_is_the_viewers(client, team, frozen, viewers):
    dashboard_snapshots_refresh(now=NOW)
    client.force_login(RecruiterProfile.objects.get(timezone="Asia/Kolkata").user)
    html = client.get(URL).content.decode()
    assert "Figures as of 17:30 (refreshed every 10 minutes)" in html  # 12:00 UTC


@pytest.mark.parametrize("refreshed, viewed, query, queries", [
    # The job stopped: older than two intervals.
    (NOW, NOW + dt.timedelta(minutes=21), {}, DASHBOARD_QUERIES),
    # Fresh enough, but its periods were worked out yesterday.
    (at(3, 18, 23) + dt.timedelta(minutes=55), at(3, 19, 0) + dt.timedelta(minutes=5), {}, DASHBOARD_QUERIES),
    # Custom dates are never stored, so nothing is looked up.
    (NOW, NOW, {"period": "custom", "from": "2026-01-01", "to": "2026-01-31"}, DASHBOARD_QUERIES - 1),
])
def test_stale_missing_or_custom_figures_are_computed_live(manager_client, team, django_assert_num_queries,
                                                           refreshed, viewed, query, queries):
    dashboard_snapshots_refresh(now=refreshed)
    with time_machine.travel(viewed, tick=False), django_assert_num_queries(queries):
        html = manager_client.get(URL, query).content.decode()
    assert "Figures computed live." in html


def test_a_row_missing_a_figure_is_not_used(manager_client, team, frozen):
    """Rows written before a figure was added to the page: computed live until the next refresh."""
    dashboard_snapshots_refresh(now=NOW)
    for row in DashboardSnapshot.objects.all():
        del row.figures["common"]["cold_buckets"]
        row.save(update_fields=["figures"])
    assert "Figures computed live." in manager_client.get(URL).content.decode()


def test_no_snapshot_yet_falls_back_to_live(manager_client, team, frozen):
    html = manager_client.get(URL).content.decode()
    assert "Figures computed live." in html
    assert "In the pipeline" in html


def test_refresh_is_idempotent(team, viewers, frozen, recruiter):
    written = dashboard_snapshots_refresh(now=NOW)
    members = 6  # Rita, Oscar, Mona, Lena, Kiran, and the whole team
    assert written == DashboardSnapshot.objects.count() == len(ZONES) * members * 4
    later = NOW + dt.timedelta(minutes=10)
    assert dashboard_snapshots_refresh(now=later) == written
    assert DashboardSnapshot.objects.count() == written
    assert set(DashboardSnapshot.objects.values_list("computed_at", flat=True)) == {later}


def test_refresh_drops_views_nobody_has_any_more(team, viewers, frozen):
    dashboard_snapshots_refresh(now=NOW)
    RecruiterProfile.objects.filter(timezone="Asia/Kolkata").update(timezone="UTC")
    dashboard_snapshots_refresh(now=NOW + dt.timedelta(minutes=10))
    assert set(DashboardSnapshot.objects.values_list("timezone", flat=True)) == {"America/Los_Angeles", "UTC"}


def test_csv_reads_the_same_snapshot_as_the_page(manager_client, team, frozen, recruiter):
    dashboard_snapshots_refresh(now=NOW)
    page = _rita_row(manager_client.get(URL))
    touch_point_log(candidate=team["A"], kind=K.EMAIL, occurred_at=NOW - dt.timedelta(hours=1), author=recruiter)
    response = manager_client.get(reverse("outreach:dashboard_csv", args=["team"]), {"recruiter": recruiter.pk})
    assert csv_rows(response)[1] == page


def test_task_command_and_beat_entry(team, frozen, capsys):
    job = JOBS["Refresh dashboard figures"]
    assert job["task"] == "outreach.tasks.refresh_dashboard"
    assert job["crontab"] == {"minute": "*/10"}
    assert tasks.refresh_dashboard.delay().get() == DashboardSnapshot.objects.count() > 0
    call_command("refresh_dashboard")
    assert "dashboard views refreshed" in capsys.readouterr().out
