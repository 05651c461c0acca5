"""From the morning digest to a logged touch point in a real browser: the "Logged it" link taken
from the digest email the local SMTP server received, its confirmation page, the candidate page."""
import datetime as dt
import re

import pytest
import time_machine
from playwright.sync_api import expect

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory
from outreach.digests.sending import digest_send
from outreach.digests.services import digest_queue_now
from outreach.models import TouchPoint

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_logged_it_from_the_digest_email_logs_one_touch_point(page, live_server, smtp, recruiter):
    with time_machine.travel(dt.datetime.now(dt.UTC) - dt.timedelta(days=40)):
        ada = CandidateFactory(owner=recruiter, tier=Tier.TOP, full_name="Ada Lovelace")
    queued = digest_queue_now(recipient=recruiter)
    digest_send(digest_id=queued.digest.pk)  # a no-op if the on-commit send already ran
    (message,) = smtp.messages()
    assert message["To"] == "rita@example.com"
    text = message.get_body(("plain",)).get_content()
    link = re.search(r"Logged it: (http://\S+)", text).group(1)

    log_in(page, "rita", "pw-rita-12345")
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a touch point with Ada Lovelace?")
    page.screenshots.take("digest-logged-it-confirm")  # and axe-core checks the page
    page.get_by_role("button", name="Yes, I logged it").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Ada Lovelace")
    expect(page.get_by_text("Logged a touch point with Ada Lovelace from your digest")).to_be_visible()
    expect(page.get_by_text("Logged from the digest").first).to_be_visible()
    page.screenshots.take("digest-logged-it-done")

    # The same link again (a second click from the email) says so and logs nothing more.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Already done")
    assert TouchPoint.objects.filter(candidate=ada, summary="Logged from the digest").count() == 1
