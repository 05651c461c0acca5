"""The API's interactive docs render in a real browser, from the app's own files, under the site's CSP."""
import pytest
from playwright.sync_api import expect

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_the_api_docs_render_without_a_cdn_or_a_policy_violation(page, recruiter):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    log_in(page, "rita", "pw-rita-12345")
    page.goto("/settings/api-tokens/")
    page.get_by_label("Token name").fill("Reporting")
    page.get_by_role("button", name="Create token").click()
    expect(page.locator("#new-token")).to_contain_text("nt_")
    page.screenshots.take("api-token-created")
    page.get_by_role("link", name="REST API").click()
    expect(page.get_by_role("heading", name="Nurture API")).to_be_visible(timeout=20_000)
    expect(page.get_by_text("/api/v1/candidates/").first).to_be_visible()
    assert all(url.startswith(page.url.split("/api/")[0]) for url in requested), requested
