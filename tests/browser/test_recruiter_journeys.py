"""A recruiter's day, clicked through in a real browser."""
import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from candidates.choices import Tier
from candidates.models import Candidate
from candidates.tests.factories import CandidateFactory
from outreach.models import CheckInSchedule, TouchPoint

from .conftest import log_in

pytestmark = pytest.mark.browser


def test_recruiter_records_a_candidate_who_got_away_and_plans_the_next_check_in(page, recruiter):
    shots = page.screenshots
    log_in(page, "rita", "pw-rita-12345")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Candidates").click()
    shots.take("candidate-list-empty")
    page.get_by_role("link", name="Add candidate").first.click()

    page.get_by_label("Full name").fill("Priya Patel")
    page.get_by_label("Email").fill("priya.patel@example.com")
    page.get_by_label("Current title").fill("Staff Engineer")
    page.get_by_label("Current company").fill("Globex")
    page.get_by_label("Tier").select_option(label="Warm")
    page.get_by_label("Got-away reason").select_option(label="Declined our offer")
    page.get_by_label("Got away on").fill((timezone.localdate() - dt.timedelta(days=10)).isoformat())
    page.get_by_label("What happened").fill("Declined over compensation: our band topped out £15k below her ask.")
    page.get_by_label("Skills", exact=True).fill("Go, Kubernetes, go")
    page.get_by_label("Currency").select_option("GBP")
    page.get_by_label("Expected pay").fill("150000")
    page.get_by_label("Open to remote work").check()
    shots.take("candidate-form-filled")
    page.get_by_role("button", name="Add candidate").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Priya Patel")
    expect(page.get_by_role("alert")).to_contain_text("Added Priya Patel")
    candidate = Candidate.objects.get(email="priya.patel@example.com")
    assert candidate.owner == recruiter and candidate.tier == Tier.WARM
    assert (candidate.skills, candidate.expected_pay_label, candidate.open_to_remote) == (
        ["Go", "Kubernetes"], "£150k", True)
    back = page.locator("#reapproach-card")
    expect(back).to_contain_text("£150k")
    expect(back).to_contain_text("Remote work")
    expect(page.locator(".skill-list .badge")).to_have_text(["Go", "Kubernetes"])
    shots.take("candidate-added")

    actions = page.get_by_role("group", name="Actions for Priya Patel")
    actions.get_by_role("link", name="Log interview").click()
    page.get_by_label("Role").fill("Senior Platform Engineer")
    page.locator("#id_occurred_on").fill((timezone.localdate() - dt.timedelta(days=20)).isoformat())
    page.locator("#id_stage").select_option(label="Onsite")
    page.get_by_label("Outcome").select_option(label="Offer declined")
    page.get_by_label("Technical skills").fill("5")
    page.get_by_label("Problem solving").fill("4")
    page.get_by_label("Communication").fill("5")
    page.get_by_label("Collaboration").fill("4")
    page.get_by_label("Recommendation").select_option(label="Strong yes")
    page.get_by_label("Strengths").fill("Designed the whole ingestion pipeline on the whiteboard.")
    shots.take("interview-form-filled")
    page.get_by_role("button", name="Log interview").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Priya Patel")
    shots.take("interview-logged")

    page.locator("#schedule-card").get_by_role("link", name="Log touch point").click()
    page.get_by_label("Channel").select_option(label="Phone call")
    # The call was yesterday afternoon, her time; the picker reads the recruiter's timezone (London).
    yesterday = timezone.localdate(timezone=ZoneInfo("Europe/London")) - dt.timedelta(days=1)
    page.get_by_label("When").fill(f"{yesterday.isoformat()}T16:30")
    page.get_by_label("Summary").fill("Called about the new staff role; open to talk in spring.")
    shots.take("touch-point-form")
    page.get_by_role("button", name="Save touch point").click()
    expect(page).to_have_url(re.compile(rf"/candidates/{candidate.pk}/$"))

    page.locator("#schedule-card").get_by_role("link", name="Change cadence").click()
    page.get_by_label("Check in").select_option(label="Every 2 weeks")
    shots.take("cadence-form")
    page.get_by_role("button", name="Save cadence").click()
    expect(page).to_have_url(re.compile(rf"/candidates/{candidate.pk}/$"))

    card = page.locator("#schedule-card")
    expect(card).to_contain_text("Every 2 weeks")
    expect(card).not_to_contain_text("tier default")
    expect(card).to_contain_text("Called about the new staff role")
    schedule = CheckInSchedule.objects.get(candidate=candidate)
    assert schedule.cadence_days == 14
    touch = TouchPoint.objects.get(candidate=candidate)
    assert schedule.next_due_at == touch.occurred_at + dt.timedelta(days=14)

    assert touch.occurred_at == dt.datetime.combine(yesterday, dt.time(16, 30), tzinfo=ZoneInfo("Europe/London"))

    # Newest first: the scorecard and the candidate just entered, yesterday's call, the interview 20 days ago.
    titles = page.locator(".candidate-timeline .timeline-entry .fw-semibold").all_inner_texts()
    assert titles == [
        "Scorecard by Rita Recruiter: Strong yes, average 4.5 of 5",
        "Added as Got away",
        "Phone call · We reached out",
        "Onsite interview: Senior Platform Engineer",
    ]
    shots.take("candidate-timeline")


def _overdue_candidate(owner, name: str, days_overdue: int) -> Candidate:
    candidate = CandidateFactory(owner=owner, full_name=name, tier=Tier.WARM)
    CheckInSchedule.objects.filter(candidate=candidate).update(
        next_due_at=timezone.now() - dt.timedelta(days=days_overdue)
    )
    return candidate


def test_recruiter_clears_overdue_check_ins_from_the_list(page, recruiter):
    shots = page.screenshots
    called = _overdue_candidate(recruiter, "Ana Lima", 9)
    snoozed = _overdue_candidate(recruiter, "Bo Chen", 4)
    _overdue_candidate(recruiter, "Cyd Moss", 2)

    log_in(page, "rita", "pw-rita-12345")
    overdue = page.locator("#overdue")
    expect(page.locator("#count-overdue")).to_have_text("3")
    expect(overdue.locator(".checkin-row")).to_have_count(3)
    shots.take("my-checkins-three-overdue")

    row = page.locator(f"#checkin-{called.schedule.pk}")
    row.get_by_role("button", name="Log touch point").click()
    row.get_by_label("Channel").select_option(label="Email")
    row.get_by_label("Summary").fill("Sent the new role description")
    shots.take("inline-log-open")
    row.get_by_role("button", name="Save touch point").click()

    expect(page.locator("#count-overdue")).to_have_text("2")
    expect(overdue).not_to_contain_text("Ana Lima")
    expect(page).to_have_url(re.compile(r"/$"))
    shots.take("after-logging")

    row = page.locator(f"#checkin-{snoozed.schedule.pk}")
    row.get_by_role("button", name="Snooze").click()
    row.get_by_label("Snooze for").select_option(label="2 weeks")
    row.get_by_role("button", name="Snooze", exact=True).last.click()

    expect(page.locator("#count-overdue")).to_have_text("1")
    expect(overdue).not_to_contain_text("Bo Chen")
    expect(overdue).to_contain_text("Cyd Moss")
    shots.take("after-snoozing")

    assert TouchPoint.objects.get(candidate=called).summary == "Sent the new role description"
    snoozed.schedule.refresh_from_db()
    assert snoozed.schedule.next_due_at > timezone.now() + dt.timedelta(days=13)


def test_the_inline_forms_follow_the_row_and_its_preferred_channel(page, recruiter):
    shots = page.screenshots
    caller = _overdue_candidate(recruiter, "Dee Dial", 5)
    CheckInSchedule.objects.filter(candidate=caller).update(preferred_channel="phone_call")
    writer = _overdue_candidate(recruiter, "Eli Mail", 3)

    log_in(page, "rita", "pw-rita-12345")
    caller_row = page.locator(f"#checkin-{caller.schedule.pk}")
    writer_row = page.locator(f"#checkin-{writer.schedule.pk}")
    open_caller = caller_row.get_by_role("button", name="Log touch point with Dee Dial")
    expect(open_caller).to_have_attribute("aria-expanded", "false")
    open_caller.click()
    expect(open_caller).to_have_attribute("aria-expanded", "true")
    expect(caller_row.get_by_label("Channel")).to_have_value("phone_call")
    expect(caller_row.get_by_label("Channel")).to_be_focused()
    expect(page.get_by_role("form", name="Log a touch point with Dee Dial")).to_be_visible()
    caller_row.get_by_label("Summary").fill("Left a voicemail")
    shots.take("log-form-under-first-row")

    # The same form moves to the next row, starts empty and takes that row's channel.
    writer_row.get_by_role("button", name="Log touch point with Eli Mail").click()
    expect(open_caller).to_have_attribute("aria-expanded", "false")
    expect(caller_row.get_by_label("Channel")).to_have_count(0)
    expect(writer_row.get_by_label("Channel")).to_have_value("email")
    expect(writer_row.get_by_label("Summary")).to_have_value("")
    expect(writer_row.get_by_role("link", name="More options")).to_have_attribute(
        "href", f"/candidates/{writer.pk}/touch-points/new/?next=/"
    )

    # Escape closes it and gives the focus back to the button that opened it.
    writer_row.get_by_label("Summary").press("Escape")
    expect(page.locator("#checkin-log")).to_be_hidden()
    expect(writer_row.get_by_role("button", name="Log touch point with Eli Mail")).to_be_focused()

    # Keyboard only: open the snooze form for the first row and send it.
    caller_row.get_by_role("button", name="Snooze Dee Dial").focus()
    page.keyboard.press("Enter")
    expect(caller_row.get_by_label("Snooze for")).to_be_focused()
    page.keyboard.press("End")
    shots.take("snooze-form-open")
    caller_row.get_by_role("button", name="Snooze", exact=True).press("Enter")
    expect(page.locator("#count-overdue")).to_have_text("1")
    expect(page.get_by_role("alert")).to_contain_text("Snoozed Dee Dial until")
    caller.schedule.refresh_from_db()
    assert caller.schedule.next_due_at > timezone.now() + dt.timedelta(days=27)
    assert not TouchPoint.objects.filter(candidate=caller).exists()


def test_without_javascript_the_rows_open_the_full_forms(browser, live_server, recruiter):
    called = _overdue_candidate(recruiter, "Fay Plain", 6)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, "rita", "pw-rita-12345")
        row = page.locator(f"#checkin-{called.schedule.pk}")
        expect(page.locator("#checkin-log")).to_be_hidden()
        row.get_by_role("link", name="Log touch point with Fay Plain").click()
        expect(page).to_have_url(re.compile(rf"/candidates/{called.pk}/touch-points/new/\?next=/$"))
        page.get_by_label("Summary").fill("Called from the full form")
        page.get_by_role("button", name="Save touch point").click()
        expect(page).to_have_url(re.compile(r"/$"))
        expect(page.locator("#count-overdue")).to_have_text("0")

        page.goto(f"/candidates/{called.pk}/schedule/snooze/?next=/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Snooze the check-in with Fay Plain")
    finally:
        context.close()
    assert TouchPoint.objects.get(candidate=called).summary == "Called from the full form"
