"""Mistakes in the browser: the form says what is wrong, next to the field, and keeps what was typed."""
import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from candidates.models import Candidate, Interview
from candidates.tests.factories import CandidateFactory

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_duplicate_email_and_future_interview_are_explained_inline(page, recruiter):
    shots = page.screenshots
    existing = CandidateFactory(owner=recruiter, full_name="Ada Lovelace", email="ada@example.com")
    log_in(page, "rita", "pw-rita-12345")

    page.goto("/candidates/new/")
    page.get_by_label("Full name").fill("Ada Lovelace (again)")
    page.get_by_label("Email").fill("ADA@example.com")
    page.get_by_label("Headline").fill("Analytical engines, poetical science")
    page.get_by_label("What happened").fill("Second time we nearly hired her.")
    page.get_by_label("Expected pay").fill("140000")  # but no currency
    page.get_by_role("button", name="Add candidate").click()

    email = page.get_by_label("Email")
    expect(page.locator("#div_id_email .invalid-feedback")).to_contain_text("already exists")
    expect(page.locator("#div_id_email .invalid-feedback").get_by_role("link", name="Ada Lovelace")).to_have_attribute(
        "href", existing.get_absolute_url()
    )
    expect(email).to_have_value("ADA@example.com")
    expect(page.get_by_label("Full name")).to_have_value("Ada Lovelace (again)")
    expect(page.get_by_label("Headline")).to_have_value("Analytical engines, poetical science")
    expect(page.get_by_label("What happened")).to_have_value("Second time we nearly hired her.")
    expect(page.locator("#div_id_expected_pay_currency .invalid-feedback")).to_contain_text(
        "Pick the currency of the expected pay.")
    expect(page.get_by_label("Expected pay")).to_have_value("140000")
    shots.take("duplicate-email")
    assert Candidate.objects.count() == 1

    page.goto(f"/candidates/{existing.pk}/interviews/new/")
    tomorrow = timezone.localdate() + dt.timedelta(days=2)
    page.get_by_label("Role").fill("Head of Research")
    page.locator("#id_occurred_on").fill(tomorrow.isoformat())
    page.get_by_label("Technical skills").fill("5")
    page.get_by_label("Strengths").fill("Wrote the first program.")
    page.get_by_role("button", name="Log interview").click()

    expect(page.locator("#div_id_occurred_on .invalid-feedback")).to_contain_text("That is in the future")
    expect(page.locator("#id_occurred_on")).to_have_value(tomorrow.isoformat())
    expect(page.get_by_label("Role")).to_have_value("Head of Research")
    expect(page.get_by_label("Technical skills")).to_have_value("5")
    expect(page.get_by_label("Strengths")).to_have_value("Wrote the first program.")
    shots.take("future-interview")
    assert not Interview.objects.exists()
