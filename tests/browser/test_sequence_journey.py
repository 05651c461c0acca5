"""A nurture sequence, clicked through in a real browser: built, a segment enrolled, the first step
sent by a real worker to a local SMTP server, the candidate's reply fetched from a real IMAP
mailbox (Dovecot) by the poll job, the sequence stopped and the reply on the candidate page."""
import datetime as dt
import re
from email.utils import make_msgid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from candidates.tests.factories import CandidateFactory
from outreach.conftest import real_worker  # noqa: F401
from outreach.mail.jobs import poll_reply_mailbox
from outreach.mail.models import InboundEmail
from outreach.mail.tests.conftest import dovecot_server, imap, smtp  # noqa: F401
from outreach.mail.tests.inbound_mail import reply
from outreach.segments.services import segment_create
from outreach.sequences.models import Enrolment
from outreach.sequences.tasks import advance_enrolments
from outreach.tests.workers import wait_for

from .conftest import check_accessibility, log_in

pytestmark = pytest.mark.browser

# A Monday at 10:00 in London: a business day, inside the send window, whatever day CI runs on.
MONDAY_10 = dt.datetime(2026, 11, 9, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def berlin(recruiter, live_server, settings):
    settings.SITE_URL = live_server.url
    settings.SEQUENCE_HOLIDAYS = "GB-ENG"
    ada = CandidateFactory(owner=recruiter, full_name="Ada Lovelace", email="ada@example.org",
                           location="Berlin", current_company="Analytical Engines")
    CandidateFactory(owner=recruiter, full_name="Ben Quiet", email="ben@example.org", location="Berlin",
                     do_not_contact=True)
    segment_create(owner=recruiter, fields={"name": "Berlin engineers", "location": "Berlin"}, candidate_owners=[])
    return ada


def test_a_sequence_is_built_enrolled_sent_and_stopped_by_the_reply(page, berlin, smtp, imap,  # noqa: F811
                                                                     real_worker):  # noqa: F811
    shots = page.screenshots
    with time_machine.travel(MONDAY_10, tick=True):
        log_in(page, "rita", "pw-rita-12345")
        page.get_by_role("link", name="Sequences").first.click()
        expect(page.locator("#no-sequences")).to_be_visible()
        shots.take("no-sequences-yet")
        page.get_by_role("link", name="Create your first sequence").click()
        page.get_by_label("Name").fill("Berlin warm follow-up")
        page.get_by_role("button", name="Create sequence").click()
        expect(page.get_by_role("alert")).to_contain_text("Add its steps below")

        form = page.locator("#step-form")
        form.get_by_label("Email", exact=True).check()
        form.get_by_label("Subject").fill("Catching up, {{ first_name }}?")
        form.get_by_label("Message (Markdown)").fill("Hi {{ first_name }},\n\nHow is {{ company }}?\n\n"
                                                     "{{ recruiter_first_name }}")
        form.get_by_role("button", name="Add step").click()
        expect(page.locator("#steps")).to_contain_text("Catching up, {{ first_name }}?")
        page.locator("#step-form").get_by_label("Wait", exact=True).check()
        page.locator("#step-form").get_by_label("Business days").fill("2")
        page.locator("#step-form").get_by_role("button", name="Add step").click()
        form = page.locator("#step-form")
        form.get_by_label("Email", exact=True).check()
        form.get_by_label("Subject").fill("Following up")
        form.get_by_label("Message (Markdown)").fill("Just bumping this, {{ first_name }}.")
        form.get_by_role("button", name="Add step").click()
        expect(page.locator("#steps > li")).to_have_count(3)
        expect(page.locator("#steps")).to_contain_text("In the same thread as the previous email")
        shots.take("three-steps")

        page.locator("#id_segment").select_option(label="Berlin engineers")
        page.locator("#enrol-segment-form").get_by_role("button", name="Enrol").click()
        expect(page.locator("#enrol-summary")).to_contain_text("1 enrolled")
        expect(page.locator("#refused")).to_contain_text("Ben Quiet")
        expect(page.locator("#refused")).to_contain_text("Marked do not contact")
        shots.take("segment-enrolled")

        # The beat job, run by a real worker: the tick, then the step email over SMTP.
        advance_enrolments.delay()
        assert wait_for(lambda: smtp.recorder.count == 1), "the first step was not sent"
        sent = smtp.recorder.messages()[0]
        assert sent["Subject"] == "Catching up, Ada?"
        reply_to = sent["Reply-To"].addresses[0].addr_spec
        assert re.fullmatch(r"replies\+r\d+-[0-9a-f]{12}@nurture\.test", reply_to)

        # Ada answers from her mail client; it lands in the team's mailbox, and the poll job reads it.
        imap.deliver(reply(to=reply_to, from_="Ada Lovelace <ada@example.org>", subject="Re: Catching up, Ada?",
                           text="Lovely to hear from you! Free on Thursday.", in_reply_to=sent["Message-ID"],
                           references=sent["Message-ID"], message_id=make_msgid(domain="example.org")))
        poll_reply_mailbox.delay()
        assert wait_for(lambda: Enrolment.objects.filter(status="stopped").exists()), "the reply did not stop it"
        # The recruiter's copy of the reply, forwarded by the worker.
        assert wait_for(lambda: smtp.recorder.count == 2), "the reply was not forwarded"
        forward = smtp.recorder.messages()[1]
        assert forward["To"] == "rita@example.com"
        assert forward["Reply-To"].addresses[0].addr_spec == "ada@example.org"
        assert InboundEmail.objects.get().matched_by == "reply_address"

        page.goto(berlin.get_absolute_url())
        expect(page.locator(".candidate-timeline")).to_contain_text(
            "Replied: Lovely to hear from you! Free on Thursday.")
        card = page.locator("#sequence-card")
        expect(card).to_contain_text("Berlin warm follow-up")
        expect(card.locator(".enrolment-stop")).to_contain_text("Replied")
        shots.take("candidate-page-shows-the-reply")

        page.get_by_role("link", name="My check-ins").first.click()
        expect(page.locator("#replies")).to_contain_text("Ada Lovelace replied")
        shots.take("my-checkins-ada-replied")
        check_accessibility(page, "my-checkins")
    # Only the first step went out: the reply stopped the rest.
    assert smtp.recorder.count == 2
