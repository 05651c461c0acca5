"""Writing to a candidate, clicked through in a real browser, and the candidate answering from the email."""
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from candidates.tests.factories import CandidateFactory, FeedbackFactory, InterviewFactory
from outreach.mail.choices import MailStatus
from outreach.mail.models import EmailPreferences, OutboundEmail
from outreach.mail.tests.factories import EmailTemplateFactory

from .conftest import check_accessibility, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def dana(recruiter, live_server, settings):
    # The links in the emails point at the server the browser talks to.
    settings.SITE_URL = live_server.url
    # The team's templates come with a migration, but an earlier transactional test may have flushed them.
    EmailTemplateFactory(name="Catching up", subject="Catching up, {{ first_name }}?",
                         body="Hi {{ first_name }},\n\nHow are things?\n\n{{ recruiter_name }}")
    candidate = CandidateFactory(owner=recruiter, full_name="Dana Scott", email="dana@example.org",
                                 current_company="Globex", current_title="Staff Engineer")
    interview = InterviewFactory(candidate=candidate, role_title="Platform Engineer")
    FeedbackFactory(interview=interview, author=recruiter, strengths="Sharp, calm system design.",
                    concerns="INTERNAL: light on testing.", candidate_note="You impressed the whole panel.")
    return candidate


def test_a_recruiter_writes_personal_and_feedback_emails_and_the_candidate_pauses_from_the_link(page, dana, browser,
                                                                                               live_server):
    shots = page.screenshots
    log_in(page, "rita", "pw-rita-12345")
    page.goto(dana.get_absolute_url())
    page.get_by_role("group", name="Actions for Dana Scott").get_by_role("link", name="Write email").click()
    page.get_by_role("link", name="Catching up").click()
    expect(page.get_by_label("Subject")).to_have_value("Catching up, {{ first_name }}?")
    page.get_by_label("Body").fill("Hi {{ first_name }},\n\nHow is **{{ company }}** treating you?\n\n"
                                   "{{ recruiter_first_name }}")
    page.get_by_role("button", name="Preview").click()
    preview = page.frame_locator('iframe[name="mail-preview"]')
    expect(preview.get_by_text("Catching up, Dana?")).to_be_visible()
    expect(preview.locator("strong", has_text="Globex")).to_be_visible()
    expect(preview.get_by_text("Why you are hearing from us.")).to_be_visible()
    shots.take("personal-email-preview")
    # The compose page and its preview on a phone, too.
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("button", name="Preview").click()
    expect(preview.get_by_text("Catching up, Dana?")).to_be_visible()
    page.mouse.move(0, 0)  # not hovering a button, so the screenshot shows it at rest
    shots.take("personal-email-preview-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Send email").click()

    expect(page).to_have_url(re.compile(rf"/candidates/{dana.pk}/$"))
    expect(page.get_by_role("alert")).to_contain_text("Email to Dana Scott is on its way")
    expect(page.locator("#email-latest")).to_contain_text("Catching up, Dana?")
    expect(page.locator("#email-latest")).to_contain_text("Sent")
    shots.take("personal-email-sent")

    page.get_by_role("link", name="Email feedback").click()
    body = page.get_by_label("Body")
    expect(body).to_have_value(re.compile("You impressed the whole panel."))
    assert "INTERNAL" not in body.input_value()
    body.fill(body.input_value().replace("Best wishes", "Thanks again, and best wishes"))
    page.get_by_role("button", name="Preview").click()
    preview = page.frame_locator('iframe[name="mail-preview"]')
    expect(preview.get_by_text("Sharp, calm system design.", exact=True)).to_be_visible()
    shots.take("feedback-email-preview")
    page.get_by_role("button", name="Send email").click()
    expect(page.get_by_role("alert")).to_contain_text("Your interview for Platform Engineer")
    expect(page.locator(".scorecard")).to_contain_text("Shared by email")
    shots.take("feedback-email-sent")

    assert list(OutboundEmail.objects.values_list("status", flat=True)) == [MailStatus.SENT, MailStatus.SENT]
    assert [message.to for message in mail.outbox] == [["Dana Scott <dana@example.org>"]] * 2

    # Dana, on her phone (no login, no cookies), follows the link in the feedback email.
    link = re.search(r"(http://\S+/email-preferences/\S+/)", mail.outbox[-1].body).group(1)
    candidate_context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    candidate_page = candidate_context.new_page()
    try:
        candidate_page.goto(link)
        expect(candidate_page.get_by_role("heading", level=1)).to_have_text("Your email preferences")
        check_accessibility(candidate_page, "preference-centre")
        candidate_page.screenshot(path=shots.folder / "preference-centre-phone.png", full_page=True)
        candidate_page.get_by_label("Take a break").select_option(label="Pause all email for 3 months")
        candidate_page.get_by_role("button", name="Save my preferences").click()
        expect(candidate_page.get_by_role("alert")).to_contain_text("Saved")
        expect(candidate_page.locator("#paused-until")).to_contain_text("All email is paused until")
        candidate_page.screenshot(path=shots.folder / "candidate-paused.png", full_page=True)
        check_accessibility(candidate_page, "preference-centre-saved")
    finally:
        candidate_context.close()

    paused_until = EmailPreferences.objects.get(candidate=dana).paused_until
    assert paused_until is not None
    page.reload()
    card = page.locator("#email-card")
    expect(card).to_contain_text("Paused")
    expect(card.locator("#email-preferences")).to_contain_text(f"Until {paused_until:%-d %b %Y}")
    expect(page.locator(".candidate-timeline")).to_contain_text("Email preferences: paused all email until")
    shots.take("candidate-page-shows-the-pause")
