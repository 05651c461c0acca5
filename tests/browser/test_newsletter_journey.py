"""A newsletter in a real browser: segment, Markdown, preview, test, schedule, then a real worker sends it.

The progress bar is watched moving to 100 % while a Celery worker on Redis sends to a local
aiosmtpd server, throttled (settings) so the send takes a few seconds; the log then names the
candidate left out and why.
"""
import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory
from outreach.mail.models import EmailPreferences
from outreach.mail.tests.conftest import smtp  # noqa: F401 - the fixture
from outreach.newsletters.models import Newsletter
from outreach.newsletters.series import newsletters_tick
from outreach.tests.workers import in_process_worker, require_redis, wait_for

from .conftest import log_in

pytestmark = pytest.mark.browser
READERS = 30


@pytest.fixture
def real_worker():
    """A real Celery worker on Redis in this process (as outreach/conftest.py gives the app tests)."""
    require_redis()
    with in_process_worker() as finished:
        yield finished


@pytest.fixture
def pool(recruiter):
    for n in range(READERS):
        CandidateFactory(owner=recruiter, full_name=f"Reader {n:02d}", tier=Tier.TOP, email=f"reader{n}@example.org")
    gone = CandidateFactory(owner=recruiter, full_name="Una Subscribed", tier=Tier.TOP, email="una@example.org")
    EmailPreferences.objects.create(candidate=gone, unsubscribed_at=timezone.now())
    CandidateFactory(owner=recruiter, full_name="Pool Reader", tier=Tier.POOL)


def test_a_recruiter_writes_previews_tests_schedules_and_watches_a_real_worker_send(
        page, pool, smtp, real_worker, settings, live_server):  # noqa: F811
    settings.SITE_URL = live_server.url
    settings.NEWSLETTER_RATE_PER_SECOND = 8  # a few seconds to watch
    shots = page.screenshots
    log_in(page, "rita", "pw-rita-12345")

    page.get_by_role("link", name="Segments").click()
    page.get_by_role("link", name="New segment").click()
    page.get_by_label("Name").fill("Top tier")
    page.get_by_role("group", name="Tier").get_by_label("Top").check()
    page.get_by_role("button", name="Save segment").click()
    expect(page.locator("#segment-summary")).to_contain_text(f"{READERS + 1} candidates match, {READERS} can be")

    page.get_by_role("link", name="Newsletters").click()
    shots.take("newsletters-empty")
    page.get_by_role("link", name="New newsletter").click()
    page.get_by_label("Subject").fill("What's new, {{ first_name }}")
    page.get_by_label("Preheader").fill("Two new teams and a meetup")
    page.get_by_label("Send to segment").select_option(label="Top tier")
    page.get_by_label("Body").fill("Hi {{ first_name }},\n\nWe are starting **two new teams**.\n\n"
                                   "- Platform\n- Data\n\n[Come to the meetup](https://example.com/meetup)")
    shots.take("newsletter-form")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#newsletter-audience")).to_contain_text(f"{READERS} of {READERS + 1} matching")

    page.get_by_label("As").select_option(label="Reader 03")
    page.get_by_role("button", name="Show").click()
    frame = page.frame_locator("iframe[title='The newsletter as HTML']")
    expect(frame.locator("strong", has_text="two new teams")).to_be_visible()
    expect(frame.get_by_text("Hi Reader,")).to_be_visible()
    page.get_by_role("tab", name="Text").click()
    expect(page.frame_locator("iframe[title='The newsletter as plain text']").get_by_text("**two new teams**",
                                                                                         exact=False)).to_be_visible()
    shots.take("newsletter-preview")

    page.get_by_role("button", name="Send a test to me").click()
    expect(page.get_by_text("Sent a test to rita@example.com.")).to_be_visible()
    [test_message] = smtp.recorder.messages()
    assert test_message["Subject"] == "[Test] What's new, Reader"

    page.problems.expect_error_page(400)  # a time in the past is refused inline
    page.get_by_label("Send at").fill((timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.get_by_text("That time has passed")).to_be_visible()
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    page.get_by_label("Send at").fill(tomorrow.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.get_by_text("Scheduled for")).to_be_visible()
    shots.take("newsletter-scheduled")

    # Its time comes: the beat job starts it, and the real worker sends while the page watches.
    newsletter = Newsletter.objects.get()
    Newsletter.objects.filter(pk=newsletter.pk).update(scheduled_for=timezone.now() - dt.timedelta(seconds=5))
    assert newsletters_tick().started == [newsletter.pk]
    page.reload()
    fill = page.locator("#progress-fill")
    assert wait_for(lambda: 3 <= smtp.recorder.count - 1 < READERS, timeout=30)
    page.wait_for_timeout(1500)  # one poll of the progress view
    mid = int(fill.inner_text().rstrip(" %"))
    assert 0 < mid < 100, mid
    page.screenshot(path=shots.folder / "newsletter-sending-mid.png", full_page=True)
    expect(fill).to_have_text("100 %", timeout=30_000)
    expect(page.locator("#newsletter-status")).to_have_text("Sent")
    expect(page.locator("#progress-counts")).to_contain_text(f"{READERS} sent · 1 skipped · 0 failed · 0 waiting")
    assert smtp.recorder.count == READERS + 1  # and the test message
    page.reload()
    shots.take("newsletter-sent")
    page.get_by_role("link", name="Skipped").click()
    expect(page.get_by_role("row", name="Una Subscribed")).to_contain_text("Skipped: Unsubscribed from all email")
    shots.take("newsletter-log-skipped")
