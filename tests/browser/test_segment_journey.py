"""Building a segment in a real browser: the live count follows the filters before it is saved."""
import pytest
from playwright.sync_api import expect

from candidates.choices import GotAwayReason, Tier
from candidates.tests.factories import CandidateFactory
from outreach.mail.models import EmailPreferences
from outreach.segments.models import Segment

from .conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def pool(recruiter):
    for n in range(3):
        CandidateFactory(owner=recruiter, full_name=f"Top comp {n}", tier=Tier.TOP,
                         got_away_reason=GotAwayReason.COMPENSATION_GAP)
    CandidateFactory(owner=recruiter, full_name="Top timing", tier=Tier.TOP, got_away_reason=GotAwayReason.TIMING)
    CandidateFactory(owner=recruiter, full_name="Warm comp", tier=Tier.WARM,
                     got_away_reason=GotAwayReason.COMPENSATION_GAP)
    paused = CandidateFactory(owner=recruiter, full_name="Top comp paused", tier=Tier.TOP,
                              got_away_reason=GotAwayReason.COMPENSATION_GAP)
    EmailPreferences.objects.create(candidate=paused, paused_until="2099-01-01T00:00Z")


def test_a_recruiter_builds_a_segment_watching_the_count_and_sees_who_is_left_out(page, pool):
    shots = page.screenshots
    log_in(page, "rita", "pw-rita-12345")
    page.get_by_role("link", name="Segments").click()
    shots.take("segments-empty")
    page.get_by_role("link", name="New segment").click()
    count = page.locator("#segment-count")
    expect(count).to_have_text("6 candidates match, 5 can be emailed now.")
    page.get_by_label("Name").fill("Top tier, priced out")
    page.get_by_role("group", name="Tier").get_by_label("Top").check()
    expect(count).to_have_text("5 candidates match, 4 can be emailed now.")
    page.get_by_role("group", name="Why they got away").get_by_label("Compensation gap").check()
    expect(count).to_have_text("4 candidates match, 3 can be emailed now.")
    expect(page.locator("#segment-excluded")).to_have_text("1 left out: Paused all email")
    shots.take("segment-form-live-count")
    page.problems.expect_error_page(400)  # the count answers 400, with the reasons, for a bad filter
    page.get_by_label("Last touch within … days").fill("0")
    expect(count).to_have_text("Fix the highlighted filters to see the count.")
    page.get_by_role("button", name="Save segment").click()
    expect(page.get_by_text("Ensure this value is greater than or equal to 1.")).to_be_visible()
    assert not Segment.objects.exists()
    page.get_by_label("Last touch within … days").fill("")
    page.get_by_role("button", name="Save segment").click()
    expect(page.get_by_role("heading", name="Top tier, priced out")).to_be_visible()
    expect(page.locator("#segment-summary")).to_have_text("4 candidates match, 3 can be emailed now.")
    expect(page.locator("#segment-exclusions")).to_have_text("1 · Paused all email")
    expect(page.get_by_role("row", name="Top comp paused")).to_contain_text("Left out: Paused all email")
    shots.take("segment-detail")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    shots.take("segment-detail-phone")
