"""Re-approach at the right moment, in a real browser: a manager opens a role whose band covers what
a got-away asked; after the signal job's pass the recruiter's home page leads with that candidate and
says why; one click from the digest email the local SMTP server received logs the touch."""
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from candidates.choices import GotAwayReason, Tier
from candidates.tests.factories import CandidateFactory, InterviewFactory
from outreach.digests.sending import digest_send
from outreach.digests.services import digest_queue_now
from outreach.models import TouchPoint
from outreach.signals.choices import SignalState
from outreach.signals.job import signals_refresh
from outreach.signals.models import Signal

from .conftest import log_in

pytestmark = pytest.mark.browser
REASON = "The Staff Engineer band now reaches £150k; Ada asked £140k."


def test_a_new_opening_puts_the_got_away_first_and_the_digest_logs_the_touch(page, live_server, smtp, recruiter,
                                                                             manager):
    ada = CandidateFactory(owner=recruiter, tier=Tier.WARM, full_name="Ada Lovelace",
                           got_away_reason=GotAwayReason.COMPENSATION_GAP, expected_pay_currency="GBP",
                           expected_pay=140_000, skills=["Python", "PostgreSQL"],
                           got_away_on=timezone.localdate() - timezone.timedelta(days=300))
    InterviewFactory(candidate=ada, role_title="Staff Engineer")
    for name in ("Bo Overdue", "Cy Overdue"):  # due check-ins, so Ada has company on the list
        other = CandidateFactory(owner=recruiter, full_name=name)
        type(other.schedule).objects.filter(pk=other.schedule.pk).update(
            next_due_at=timezone.now() - timezone.timedelta(days=3))

    # The manager opens the role.
    log_in(page, "mona", "pw-mona-12345")
    page.goto("/openings/new/")
    page.get_by_label("Title").fill("Staff Engineer")
    page.get_by_label("Team").fill("Platform")
    page.get_by_label("Location").fill("London")
    page.get_by_label("Currency").select_option("GBP")
    page.get_by_label("Band from").fill("120000")
    page.get_by_label("Band to").fill("150000")
    page.get_by_label("Skills").fill("Python, PostgreSQL")
    page.screenshots.take("reapproach-new-opening")
    page.get_by_role("button", name="Add opening").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Staff Engineer")

    # The hourly job's pass, as the worker runs it.
    signals_refresh()

    # The recruiter's home page leads with Ada, and says why.
    page.context.clear_cookies()
    log_in(page, "rita", "pw-rita-12345")
    page.goto("/")
    today = page.locator("#contact-today")
    expect(today.get_by_role("heading", level=2)).to_contain_text("Who to contact today")
    first = today.locator(".contact-row").first
    expect(first.locator(".checkin-name")).to_have_text("Ada Lovelace")
    expect(first.locator(".contact-reason")).to_have_text(REASON)
    expect(today.locator(".contact-row")).to_have_count(3)
    page.screenshots.take("reapproach-who-to-contact-today")  # and axe-core checks the page

    # Her morning digest names her with the reason; "Logged it" there logs the touch in one click.
    queued = digest_queue_now(recipient=recruiter)
    digest_send(digest_id=queued.digest.pk)  # a no-op if the on-commit send already ran
    (message,) = smtp.messages()
    text = message.get_body(("plain",)).get_content()
    section = text[text.index("WHO TO CONTACT TODAY"):]
    assert REASON in section
    link = re.search(r"Logged it: (http://\S+)", section).group(1)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a touch point with Ada Lovelace?")
    page.get_by_role("button", name="Yes, I logged it").click()
    expect(page.get_by_text("Logged a touch point with Ada Lovelace from your digest")).to_be_visible()
    assert TouchPoint.objects.filter(candidate=ada, summary="Logged from the digest").count() == 1
    # Getting in touch answered the signal: it is not suggested again.
    assert Signal.objects.get(candidate=ada).state == SignalState.ACTED
    page.goto("/")
    expect(page.locator("#contact-today .checkin-name", has_text="Ada Lovelace")).to_have_count(0)
