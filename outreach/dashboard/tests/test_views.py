"""The dashboard page and its CSV downloads, as a manager (and a recruiter, and a stranger) sees them."""
import csv
import datetime as dt
import io
import re

import pytest
import time_machine
from django.urls import reverse

from candidates.choices import Role, Stage, Tier
from candidates.services import candidate_update, recruiter_create
from candidates.tests.factories import CandidateFactory, FeedbackFactory, InterviewFactory
from outreach.choices import TouchKind
from outreach.services import feedback_share, touch_point_log

from .test_figures import NOW, build_team

pytestmark = pytest.mark.django_db
URL = reverse("outreach:dashboard")
# 6 for every signed-in page (session, user, profile, two permission lookups, the scheduler
# banner) + 15 for the dashboard computed live: team members, the (missing) roll-up state and 13
# aggregate queries, + 1 for each registered section (newsletters; events held and attendance
# per quarter).
DASHBOARD_QUERIES = 23
# The same page from the roll-ups (PostgreSQL), for the default view of the last 90 days in UTC.
ROLLUP_QUERIES = 36


@pytest.fixture
def team(recruiter, other_recruiter):
    return build_team(recruiter, other_recruiter)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_anonymous_people_get_the_login_page(client):
    for url in (URL, reverse("outreach:dashboard_csv", args=["team"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_recruiters_are_refused(recruiter_client):
    assert recruiter_client.get(URL).status_code == 403
    assert recruiter_client.get(reverse("outreach:dashboard_csv", args=["team"])).status_code == 403


def test_admins_see_the_dashboard(client, admin_user):
    client.force_login(admin_user)
    assert client.get(URL).status_code == 200


def test_nav_shows_the_dashboard_to_managers_only(manager_client, client, recruiter):
    link = f'href="{URL}"'
    assert link in manager_client.get(URL).content.decode()
    client.force_login(recruiter)
    assert link not in client.get(reverse("candidates:list")).content.decode()


def test_page_shows_every_figure_as_svg_with_its_table(manager_client, team, frozen):
    html = manager_client.get(URL).content.decode()
    for heading in ("Pipeline", "Why they got away", "Going cold", "Top-tier candidates overdue longest", "Team",
                    "Activity", "Feedback given"):
        assert heading in html
    assert html.count("<svg") == 7
    assert html.count('role="img"') == 7
    for table in ("pipeline", "reasons", "cold", "overdue", "team", "activity", "feedback", "feedback_delays"):
        assert reverse("outreach:dashboard_csv", args=[table]) in html
    # The content security policy forbids inline styles and scripts.
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\ssrc=)", html)


def test_headline_numbers(manager_client, team, frozen):
    html = _squash(manager_client.get(URL).content.decode())
    assert "In the pipeline</div> <div class=\"kpi-value\">8</div>" in html
    assert "Overdue check-ins</div> <div class=\"kpi-value\">4</div>" in html
    assert "Got feedback</div> <div class=\"kpi-value\">75.0%</div>" in html


def test_filters_change_the_figures_and_stay_in_the_links(manager_client, team, frozen, other_recruiter):
    response = manager_client.get(URL, {"period": "month", "recruiter": other_recruiter.pk, "tier": Tier.TOP})
    html = response.content.decode()
    team_table = response.context["s"]["team"].tables["team"]
    assert [str(v) for v in team_table.rows[0]] == ["Oscar Other", "2", "1", "0", "0"]
    assert len(team_table.rows) == 1
    assert f'<option value="{other_recruiter.pk}" selected>' in html
    assert '<option value="month" selected>' in html
    csv_query = f"?period=month&amp;recruiter={other_recruiter.pk}&amp;tier=1"
    assert reverse("outreach:dashboard_csv", args=["team"]) + csv_query in html


def test_custom_period(manager_client, team, frozen):
    response = manager_client.get(URL, {"period": "custom", "from": "2025-06-01", "to": "2025-06-30"})
    facts = response.context["s"]["feedback"].facts
    assert (facts["candidates"], facts["median"]) == (1, 1)
    assert "1 Jun 2025 – 30 Jun 2025" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ({"period": "forever"}, "Unknown period “forever” ignored"),
        ({"period": "custom", "from": "2026-13-01", "to": "2026-03-01"}, "Custom period needs valid From date"),
        ({"period": "custom"}, "Custom period needs valid From and To dates"),
        ({"period": "custom", "from": "0001-01-01", "to": "2026-01-01"}, "Custom period needs valid From date"),
        ({"period": "custom", "from": "2026-03-01", "to": "2026-01-01"}, "is after “To”"),
        ({"recruiter": "abc"}, "Unknown recruiter “abc” ignored"),
        ({"recruiter": "999999"}, "Unknown recruiter “999999” ignored"),
        ({"tier": "9"}, "Unknown tier “9” ignored"),
        ({"sort": "password"}, "Unknown team sort “password” ignored"),
    ],
)
def test_invalid_filters_are_ignored_with_a_note(manager_client, query, note):
    response = manager_client.get(URL, query)
    assert response.status_code == 200
    assert note in response.content.decode()
    assert response.context["filters"].period in ("90d", "custom")


def test_invalid_filter_values_are_escaped_in_the_note(manager_client):
    html = manager_client.get(URL, {"tier": "<b>x</b>"}).content.decode()
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html


def test_team_table_sorts_by_a_column(manager_client, team, frozen):
    by_name = manager_client.get(URL, {"sort": "name"}).context["s"]["team"].tables["team"]
    assert [row[0] for row in by_name.rows] == ["Oscar Other", "Rita Recruiter"]
    by_owned = manager_client.get(URL, {"sort": "-owned"}).context["s"]["team"].tables["team"]
    assert [row[0] for row in by_owned.rows] == ["Rita Recruiter", "Oscar Other"]
    html = manager_client.get(URL, {"sort": "-owned"}).content.decode()
    assert 'aria-sort="descending"' in html and "?period=90d&amp;sort=owned#team" in html


def test_team_member_names_are_escaped(manager_client, frozen):
    sneaky = recruiter_create(username="sneaky", email="s@example.com", password="pw-sneaky-12345",
                              first_name="<img src=x>", last_name="Evil")
    CandidateFactory(owner=sneaky)
    html = manager_client.get(URL).content.decode()
    assert "&lt;img src=x&gt; Evil" in html and "<img src=x>" not in html


def test_csv_matches_the_filtered_table(manager_client, team, frozen, recruiter):
    response = manager_client.get(reverse("outreach:dashboard_csv", args=["team"]), {"recruiter": recruiter.pk})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="dashboard-team-2026-03-18.csv"'
    assert csv_rows(response) == [
        ["Recruiter", "Candidates owned", "Overdue now", "Touch points (Last 90 days)",
         "Feedback shared (Last 90 days)"],
        ["Rita Recruiter", "6", "2", "9", "2"],
    ]


def test_every_table_downloads_as_csv(manager_client, team, frozen):
    expected_first_rows = {
        "pipeline": ["Got away", "2", "8", "", "0"],
        "reasons": ["Declined our offer", "2", "2", "0", "4", "2", "50.0"],
        "cold": ["0–30 days", "2", "0", "0", "2"],
        "activity": ["2025-12-29", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
        "feedback": ["Interviews in the period", "4"],
        "feedback_delays": ["Same day", "1"],
    }
    for table, first_row in expected_first_rows.items():
        response = manager_client.get(reverse("outreach:dashboard_csv", args=[table]))
        assert response.status_code == 200, table
        assert csv_rows(response)[1] == first_row, table
    overdue = csv_rows(manager_client.get(reverse("outreach:dashboard_csv", args=["overdue"])))
    assert overdue[1][0] == str(team["F"]) and overdue[1][3] == "93"


def test_unknown_csv_table_is_a_404(manager_client):
    assert manager_client.get(reverse("outreach:dashboard_csv", args=["salaries"])).status_code == 404


def test_csv_cells_cannot_run_as_spreadsheet_formulas(manager_client, frozen):
    sneaky = recruiter_create(username="formula", email="f@example.com", password="pw-formula-12345",
                              first_name="=HYPERLINK(\"x\")", last_name="")
    CandidateFactory(owner=sneaky)
    rows = csv_rows(manager_client.get(reverse("outreach:dashboard_csv", args=["team"])))
    assert rows[1][0] == "'=HYPERLINK(\"x\")"


def test_empty_database_renders(manager_client):
    response = manager_client.get(URL)
    assert response.status_code == 200
    assert "No overdue check-ins in this tier" in response.content.decode()


def _grow(extra_recruiters: int = 3, per_recruiter: int = 15) -> None:
    """Many more candidates, touches, stage moves and interviews, spread over several recruiters."""
    for r in range(extra_recruiters):
        owner = recruiter_create(username=f"bulk{r}", email=f"bulk{r}@example.com", password="pw-bulk-12345",
                                 first_name=f"Bulk{r}", role=Role.RECRUITER)
        for i in range(per_recruiter):
            candidate = CandidateFactory(owner=owner, tier=Tier.values[i % 3])
            candidate_update(candidate=candidate, changed_by=owner, stage=Stage.NURTURING)
            for weeks_ago in range(i % 4):
                touch_point_log(candidate=candidate, kind=TouchKind.values[i % 8], author=owner,
                                occurred_at=NOW - dt.timedelta(weeks=weeks_ago, days=1))
            feedback = FeedbackFactory(interview=InterviewFactory(candidate=candidate))
            if i % 2:
                feedback_share(feedback=feedback, via="email", shared_at=NOW - dt.timedelta(days=i), shared_by=owner)


def test_query_count_does_not_grow_with_the_data(manager_client, team, frozen, django_assert_num_queries):
    with django_assert_num_queries(DASHBOARD_QUERIES):
        small = manager_client.get(URL)
    _grow()
    with django_assert_num_queries(DASHBOARD_QUERIES):
        large = manager_client.get(URL)
    team_rows = [r.context["s"]["team"].tables["team"].rows for r in (small, large)]
    assert len(team_rows[1]) == len(team_rows[0]) + 3


def _squash(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def test_a_big_team_shows_its_first_rows_with_a_link_to_all(manager_client, team, frozen):
    for i in range(26):
        member = recruiter_create(username=f"r{i:02}", email=f"r{i}@example.com", password="pw-member-12345",
                                  first_name=f"Member{i:02}")
        CandidateFactory(owner=member)
    response = manager_client.get(URL)
    html = _squash(response.content.decode())
    assert len(response.context["s"]["team"].facts["rows_shown"]) == 25
    assert "Showing the first 25 of 28 in this order." in html
    assert 'href="?period=90d&amp;team=all#team">Show all 28</a>' in html
    everyone = manager_client.get(URL, {"team": "all"})
    assert len(everyone.context["s"]["team"].facts["rows_shown"]) == 28
    assert "Show the first 25 only" in everyone.content.decode()
    # The download has everyone either way.
    assert len(csv_rows(manager_client.get(reverse("outreach:dashboard_csv", args=["team"])))) == 29
