"""A manager reads the team dashboard and narrows it down."""
import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from candidates.choices import Stage
from candidates.models import StageChange
from candidates.services import candidate_update
from candidates.tests.factories import CandidateFactory

from .conftest import log_in

pytestmark = pytest.mark.browser


def _kpi(page, label: str) -> str:
    card = page.locator(".kpi").filter(has=page.locator(".kpi-label", has_text=label))
    return card.locator(".kpi-value").inner_text().strip()


def test_manager_filters_the_dashboard_by_recruiter_and_period(page, manager, recruiter, other_recruiter):
    shots = page.screenshots
    ritas = [CandidateFactory(owner=recruiter) for _ in range(3)]
    oscars = [CandidateFactory(owner=other_recruiter) for _ in range(2)]
    # Rita re-engaged someone this week; Oscar did so seven months ago.
    candidate_update(candidate=ritas[0], changed_by=recruiter, stage=Stage.RE_ENGAGED)
    candidate_update(candidate=oscars[0], changed_by=other_recruiter, stage=Stage.RE_ENGAGED)
    StageChange.objects.filter(candidate=oscars[0], to_stage=Stage.RE_ENGAGED).update(
        changed_at=timezone.now() - dt.timedelta(days=200)
    )

    log_in(page, "mona", "pw-mona-12345")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team dashboard")
    shots.take("dashboard-whole-team")
    team_pipeline = _kpi(page, "In the pipeline")
    team_movers_90d = _kpi(page, "Moved forward")
    assert (team_pipeline, team_movers_90d) == ("5", "1")

    filters = page.get_by_role("form", name="Dashboard filters")
    filters.get_by_label("Recruiter").select_option(label="Rita Recruiter")
    filters.get_by_role("button", name="Apply").click()
    expect(page.locator(".kpi").first).to_be_visible()
    expect(page.get_by_text("Rita Recruiter").first).to_be_visible()
    assert "recruiter=" in page.url
    shots.take("dashboard-rita")
    assert _kpi(page, "In the pipeline") == "3"

    filters = page.get_by_role("form", name="Dashboard filters")
    filters.get_by_label("Recruiter").select_option(label="Whole team")
    filters.get_by_label("Period").select_option(label="This year")
    filters.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team dashboard")
    assert "period=year" in page.url
    shots.take("dashboard-this-year")
    assert _kpi(page, "Moved forward") == "2"
    assert _kpi(page, "In the pipeline") == "5"
