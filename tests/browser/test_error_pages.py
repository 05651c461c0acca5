"""What a recruiter sees on a page they may not open, and on one that does not exist."""
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_a_recruiter_on_the_dashboard_is_told_who_it_is_for(page, recruiter, admin_user):
    shots = page.screenshots
    page.problems.expect_error_page(403)
    log_in(page, "rita", "pw-rita-12345")
    response = page.goto("/dashboard/")
    assert response.status == 403
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Candidates")).to_be_visible()
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("You don't have access to this page")
    expect(page.locator("#role-needed")).to_have_text("The team dashboard is for managers and admins.")
    expect(page.get_by_text("ask an admin (Ada Admin) to change your role")).to_be_visible()
    shots.take("403-dashboard-for-a-recruiter")

    page.get_by_role("link", name="Go to my check-ins").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("check-ins")


def test_someone_without_a_role_is_told_to_ask_an_admin(page, admin_user):
    get_user_model().objects.create_user(username="nora", password="pw-nora-12345")
    page.problems.expect_error_page(403)
    log_in(page, "nora", "pw-nora-12345")  # lands on My check-ins, which needs a role
    expect(page.get_by_role("heading", level=1)).to_have_text("You don't have access to this page")
    expect(page.locator("#no-role")).to_contain_text("Your account, nora, has no role yet")
    expect(page.locator("#no-role")).to_contain_text("Ask an admin (Ada Admin) to give you the role you need.")
    expect(page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out")).to_be_visible()
    # No links to pages that would refuse them too; the way on is another account.
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Go to my check-ins")).to_have_count(0)
    page.screenshots.take("403-no-role")
    main.get_by_role("button", name="Log out and use another account").click()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()


def test_a_missing_page_offers_the_way_back(page, recruiter):
    shots = page.screenshots
    page.problems.expect_error_page(404)
    log_in(page, "rita", "pw-rita-12345")
    response = page.goto("/candidates/424242/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Candidates")).to_be_visible()
    shots.take("404-missing-candidate")

    page.get_by_role("main").get_by_role("link", name="Candidates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Candidates")
    # The browser found the icon it was given, and /favicon.ico answers too.
    assert page.request.get("/favicon.ico").status == 200


@pytest.mark.urls("tests.error_pages.urls")
def test_a_bug_shows_the_500_page_with_a_way_back(page):
    page.problems.expect_error_page(500)
    response = page.goto("/failing/broken/")
    assert response.status == 500
    expect(page.get_by_role("heading", level=1)).to_have_text("Something went wrong on our side")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Candidates")).to_be_visible()
    expect(page.get_by_role("link", name="Try again")).to_have_attribute("href", "/failing/broken/")
    page.screenshots.take("500-bug")
