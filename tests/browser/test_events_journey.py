"""A happy hour from start to finish in a real browser: created, three invited, answers from the
emails' links (taken from the local SMTP server), a waitlist, a promotion, check-in on a phone."""
import datetime as dt
import re
import zoneinfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from candidates.tests.factories import CandidateFactory
from outreach.events.models import Event, Invitation

from .conftest import check_accessibility, log_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def guests(recruiter):
    return [CandidateFactory(owner=recruiter, full_name=name, email=f"{name.split()[0].lower()}@example.org",
                             current_company="Globex") for name in ("Ana Lima", "Ben Ode", "Cy Park")]


def _mail_to(smtp, address: str, subject_start: str):
    found = [m for m in smtp.messages() if address in m["To"] and m["Subject"].startswith(subject_start)]
    assert len(found) == 1, f"expected one '{subject_start}' email to {address}"
    return found[0]


def _link(message, label: str) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(rf"\[{re.escape(label)}\]\((http://[^)\s]+)\)", text).group(1)


def _answer_on_phone(browser, live_server, shots, link: str, name: str, *, choose: str | None = None) -> str:
    """A candidate (no login, on a phone) follows a link from the email and presses the button."""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, reduced_motion="reduce")
    page = context.new_page()
    try:
        page.goto(link)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Summer happy hour")
        if choose:
            page.get_by_label(choose).check()
        check_accessibility(page, f"rsvp-{name}")
        page.get_by_role("button", name="Send my answer").click()
        alert = page.get_by_role("alert")
        expect(alert).to_be_visible()
        page.mouse.move(0, 0)
        page.screenshot(path=shots.folder / f"rsvp-{name}.png", full_page=True)
        check_accessibility(page, f"rsvp-{name}-answered")
        return alert.inner_text()
    finally:
        context.close()


def test_a_happy_hour_with_two_places_three_invitees_a_waitlist_a_promotion_and_check_in_on_a_phone(
        page, browser, live_server, smtp, guests, recruiter):
    shots = page.screenshots
    ana, ben, cy = guests
    log_in(page, "rita", "pw-rita-12345")
    page.get_by_role("link", name="Events").click()
    expect(page.get_by_text("Nothing planned yet.")).to_be_visible()
    page.get_by_role("link", name="New event").click()
    starts = (timezone.now() + dt.timedelta(days=5)).astimezone(LONDON).replace(hour=18, minute=0)
    page.get_by_label("Kind").select_option(label="Happy hour")
    page.get_by_label("Title").fill("Summer happy hour")
    page.get_by_label("Description (Markdown)").fill("Drinks on the roof. Bring your questions!")
    page.get_by_label("Timezone").select_option("Europe/London")
    page.get_by_label("Starts").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends").fill((starts + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Address").fill("The Crown, 1 High Street, London")
    page.get_by_label("Capacity").fill("2")
    shots.take("event-form")
    page.get_by_role("button", name="Create event").click()
    expect(page.get_by_role("alert")).to_contain_text("Created “Summer happy hour”")
    event = Event.objects.get()

    # Three candidates picked with the type-ahead, with a personal note.
    search = page.get_by_role("combobox", name="Find by name or email")
    for candidate in guests:
        search.fill(candidate.full_name.split()[0])
        page.get_by_role("option", name=re.compile(candidate.full_name)).click()
    expect(page.get_by_role("list", name="Picked candidates").get_by_role("button")).to_have_count(3)
    page.get_by_label("Personal note").fill("We'd love to catch up over a drink.")
    shots.take("invite-picked")
    page.get_by_role("button", name="Invite picked").click()
    expect(page.get_by_role("alert")).to_contain_text("Invited 3 candidates.")
    shots.take("event-invited")
    invitations = [_mail_to(smtp, c.email, "You're invited: Summer happy hour") for c in guests]
    assert all("We'd love to catch up over a drink." in m.get_body(("plain",)).get_content() for m in invitations)

    # Ana and Ben say Going from their emails; Cy finds the two places taken.
    assert "You're going" in _answer_on_phone(browser, live_server, shots, _link(invitations[0], "Going"), "ana")
    assert "You're going" in _answer_on_phone(browser, live_server, shots, _link(invitations[1], "Going"), "ben")
    assert "waitlist" in _answer_on_phone(browser, live_server, shots, _link(invitations[2], "Going"), "cy")

    # Ana can no longer come: Cy is moved up and emailed.
    assert "Sorry you can't make it" in _answer_on_phone(browser, live_server, shots, _link(invitations[0], "Going"),
                                                         "ana-cancels", choose="Can't go")
    promoted = _mail_to(smtp, cy.email, "A place opened up: you're going to Summer happy hour")
    assert [p.get_param("method") for p in promoted.walk() if p.get_content_type() == "text/calendar"] == \
        ["REQUEST", "REQUEST"]
    assert Invitation.objects.get(event=event, candidate=cy).answer == "going"

    page.goto(event.get_absolute_url())
    counts = page.locator("#event-counts")
    for name, value in {"invited": 3, "going": 2, "declined": 1, "waitlisted": 0}.items():
        expect(counts.locator(f'[data-count="{name}"]')).to_have_text(str(value))
    shots.take("event-page-answers")

    # On the day: the host checks the guests in on a phone.
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Check-in").click()
    page.get_by_label("Search guests").fill("Ben")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Ben Ode: attended").click()
    expect(page.get_by_role("alert")).to_contain_text("Ben Ode: attended.")
    page.get_by_label("Search guests").fill("")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Cy Park: attended").click()
    expect(page.locator("#check-in-counts")).to_contain_text("2 here")
    page.mouse.move(0, 0)
    shots.take("check-in-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(event.get_absolute_url())
    expect(counts.locator('[data-count="attended"]')).to_have_text("2")
    shots.take("event-page-attended")

    # The timelines tell the story: Cy's answer, the move up and the visit.
    page.goto(cy.get_absolute_url())
    timeline = page.locator(".candidate-timeline")
    expect(timeline).to_contain_text("RSVP to Summer happy hour: On the waitlist")
    expect(timeline).to_contain_text("Moved up from the waitlist of Summer happy hour: Going")
    expect(timeline).to_contain_text("Attended Summer happy hour")
    shots.take("timeline-cy")
    page.goto(ana.get_absolute_url())
    expect(page.locator(".candidate-timeline")).to_contain_text("RSVP to Summer happy hour: Can't go")
