"""The candidate list's filter bar lines up on a laptop, and folds away on a phone."""
import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory
from outreach.models import CheckInSchedule

from .conftest import log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# The toggle's name goes on with the count of active filters ("Filters 2 active").
TOGGLE = re.compile(r"^Filters")


@pytest.fixture
def some_candidates(recruiter):
    names = ["Ana Lima", "Bo Chen", "Cyd Moss", "Dee Dial", "Eli Mail"]
    candidates = [CandidateFactory(owner=recruiter, full_name=name, tier=Tier.TOP) for name in names]
    CheckInSchedule.objects.filter(candidate__in=candidates[:2]).update(
        next_due_at=timezone.now() - dt.timedelta(days=3)
    )
    return candidates


def _box(locator) -> dict:
    return locator.bounding_box()


def _middle(box: dict) -> float:
    return box["y"] + box["height"] / 2


@pytest.mark.parametrize("width", [1280, 1000, 820])
def test_the_filter_bar_lines_up_on_wider_screens(page, recruiter, some_candidates, width):
    log_in(page, "rita", "pw-rita-12345")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/candidates/?owner=mine")
    filters = page.get_by_role("search", name="Filter candidates")
    expect(filters).to_be_visible()
    expect(filters).not_to_contain_text("{")  # no template syntax leaking onto the page
    expect(page.get_by_role("button", name=TOGGLE)).to_be_hidden()  # no toggle at these widths

    # Owner, the colleague search and sort share a row at every one of these widths.
    owner, colleague, sort = (
        filters.get_by_label("Owner"), filters.get_by_label("Find a colleague"), filters.get_by_label("Sort by")
    )
    labels = [filters.locator(f"label[for={id_}]") for id_ in ("id_owner", "owner-search", "id_sort")]
    assert len({round(_box(label)["y"]) for label in labels}) == 1, "labels on one line"
    assert len({round(_box(field)["y"]) for field in (owner, colleague, sort)}) == 1, "fields on one line"
    # The checkbox, Apply and Clear share one line, centred like a field (on its row on a laptop).
    checkbox, apply, clear = (
        filters.get_by_label("Overdue only"), filters.get_by_role("button", name="Apply filters"),
        filters.get_by_role("link", name="Clear filters"),
    )
    middles = [_middle(_box(item)) for item in (checkbox, apply, clear)]
    assert max(middles) - min(middles) <= 2, "checkbox and buttons on one line"
    if width >= 992:
        assert abs(middles[1] - _middle(_box(sort))) <= 2, "and on the fields' line"
    page.screenshots.take(f"candidate-list-{width}px")


def test_on_a_phone_the_filters_fold_away_and_the_next_check_in_stays(page, recruiter, some_candidates):
    shots = page.screenshots
    log_in(page, "rita", "pw-rita-12345")
    page.set_viewport_size(PHONE)
    page.goto("/candidates/?tier=1&overdue=on")

    toggle = page.get_by_role("button", name=TOGGLE)
    expect(toggle).to_have_accessible_name("Filters 2 active")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    filters = page.get_by_role("search", name="Filter candidates")
    expect(filters).to_be_hidden()
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(3)  # the header and the two overdue candidates
    expect(table.get_by_role("columnheader", name="Next check-in")).to_be_in_viewport(ratio=1)
    expect(table.get_by_role("columnheader", name="Owner")).to_be_hidden()
    expect(table.get_by_role("row", name="Ana Lima").get_by_text("(overdue)")).to_be_attached()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "nothing scrolls sideways"
    shots.take("phone-filters-collapsed")

    toggle.click()
    # Bootstrap animates the height ("collapsing"), then leaves the panel "collapse show".
    expect(page.locator("#candidate-filters")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    expect(filters).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(filters.get_by_label("Tier")).to_have_value("1")
    expect(filters.get_by_label("Overdue only")).to_be_checked()
    shots.take("phone-filters-open")

    filters.get_by_label("Overdue only").uncheck()
    filters.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("button", name=TOGGLE)).to_have_accessible_name("Filters 1 active")
    expect(page.get_by_role("table").get_by_role("row")).to_have_count(6)
    expect(page.get_by_role("search", name="Filter candidates")).to_be_hidden()
