"""The check-in pages as a recruiter uses them: the home list, logging, snoozing, cadence, sharing feedback."""
import datetime as dt
import io
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.choices import Tier
from candidates.models import Candidate
from candidates.services import recruiter_create
from candidates.tests.factories import CandidateFactory, FeedbackFactory, InterviewFactory
from outreach.choices import Direction, TouchKind
from outreach.models import CheckInSchedule, TouchPoint
from outreach.services import schedule_set_cadence, schedule_set_paused, touch_point_log

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
HOME = reverse("outreach:my_checkins")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


def overdue_candidate(owner, *, days: int = 3, tier=Tier.WARM, **fields):
    """A candidate whose last touch was long enough ago that the check-in is `days` overdue."""
    candidate = CandidateFactory(owner=owner, tier=tier, **fields)
    cadence = candidate.schedule.cadence_days
    touch_point_log(candidate=candidate, kind=TouchKind.EMAIL, author=owner, summary="Sent the team newsletter",
                    occurred_at=NOW - dt.timedelta(days=cadence + days))
    return candidate


def due_soon_candidate(owner, *, in_days: int = 3, **fields):
    candidate = CandidateFactory(owner=owner, **fields)
    cadence = candidate.schedule.cadence_days
    touch_point_log(candidate=candidate, kind=TouchKind.EMAIL, author=owner,
                    occurred_at=NOW - dt.timedelta(days=cadence - in_days))
    return candidate


def section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    end = html.index("</section>", start)
    return html[start:end]


# --- My check-ins --------------------------------------------------------------------------------

def test_home_splits_overdue_and_due_this_week_top_tier_first(frozen, recruiter_client, recruiter, other_recruiter):
    warm_late = overdue_candidate(recruiter, days=20, full_name="Wendy Warm")
    top_recent = overdue_candidate(recruiter, days=2, tier=Tier.TOP, full_name="Tobias Top")
    soon = due_soon_candidate(recruiter, in_days=3, full_name="Sunny Soon")
    overdue_candidate(other_recruiter, full_name="Someone Elses")
    CandidateFactory(owner=recruiter, full_name="Fresh Contact")  # first check-in a month away

    response = recruiter_client.get(HOME)

    html = response.content.decode()
    overdue = section(html, "overdue")
    assert overdue.index(top_recent.full_name) < overdue.index(warm_late.full_name)
    assert "20 days overdue" in overdue and "2 days overdue" in overdue
    assert "Sent the team newsletter" in overdue
    assert soon.full_name in section(html, "due-soon") and soon.full_name not in overdue
    assert "Someone Elses" not in html and "Fresh Contact" not in html
    assert [s.candidate for s in response.context["overdue"]] == [top_recent, warm_late]
    assert response.context["top_overdue_count"] == 1


def test_home_shows_friendly_empty_state(frozen, recruiter_client, recruiter):
    CandidateFactory(owner=recruiter)
    response = recruiter_client.get(HOME)
    assert "You're all caught up" in response.content.decode()


def test_home_rows_link_to_the_full_forms_and_carry_the_preferred_channel(frozen, recruiter_client, recruiter):
    candidate = overdue_candidate(recruiter)
    schedule = CheckInSchedule.objects.get(candidate=candidate)
    schedule_set_cadence(schedule=schedule, cadence_days=schedule.cadence_days, preferred_channel=TouchKind.PHONE_CALL)
    row = section(recruiter_client.get(HOME).content.decode(), "overdue")
    # Without the page's script these links are the way in; with it, they open the inline form.
    assert f'href="{reverse("outreach:touch_create", args=[candidate.pk])}?next=/"' in row
    assert f'href="{reverse("outreach:schedule_snooze", args=[candidate.pk])}?next=/"' in row
    assert 'data-channel="phone_call"' in row
    assert f'href="{candidate.get_absolute_url()}"' in row
    assert "Prefers:</span> Phone call" in row


def test_home_has_one_inline_log_form_and_one_snooze_form_whatever_the_rows(frozen, recruiter_client, recruiter):
    for days in (1, 2, 3):
        overdue_candidate(recruiter, days=days)
    due_soon_candidate(recruiter)
    html = recruiter_client.get(HOME).content.decode()
    assert html.count('checkin-row"') == 4
    assert html.count('id="checkin-log"') == 1 and html.count('id="checkin-snooze"') == 1
    # Logout, log touch point, snooze: the rows themselves hold no form.
    assert html.count("<form") == 3
    assert html.count('<option value="phone_call">') == 1
    assert 'for="checkin-log-kind">Channel<' in html and 'for="checkin-snooze-period">Snooze for<' in html


def test_home_rows_say_how_late_and_when_due(frozen, recruiter_client, recruiter):
    overdue_candidate(recruiter, days=1, full_name="One Day", current_title="CTO", current_company="Initech")
    overdue_candidate(recruiter, days=0, full_name="Due Now")
    due_soon_candidate(recruiter, in_days=3, full_name="Soon Three")
    CandidateFactory(owner=recruiter)
    html = recruiter_client.get(HOME).content.decode()
    overdue, due_soon = section(html, "overdue"), section(html, "due-soon")
    assert "1 day overdue" in overdue and "Due today" in overdue
    assert "CTO at Initech" in overdue
    assert 'Due <time datetime="2026-03-05T09:00:00+00:00">Thu 5 Mar</time>' in due_soon
    last_touch = r'Last touch:</span>\s*<time datetime="2026-0[12]-\d\dT09:00:00\+00:00">\d+ (Jan|Feb) 2026</time>'
    assert re.search(last_touch + " · Sent the team newsletter", overdue)


def test_logging_from_home_takes_the_candidate_off_the_overdue_list(frozen, recruiter_client, recruiter):
    candidate = overdue_candidate(recruiter, full_name="Lena Logged")
    url = reverse("outreach:touch_create", args=[candidate.pk])

    response = recruiter_client.post(url, {"kind": TouchKind.PHONE_CALL, "direction": Direction.OUTBOUND,
                                           "summary": "Caught up about her new team", "next": HOME}, follow=True)

    assert response.redirect_chain == [(HOME, 302)]
    html = response.content.decode()
    assert "Logged phone call with Lena Logged" in html
    assert "You're all caught up" in html  # she was the only one due
    assert not any(s.candidate == candidate for s in response.context["overdue"])
    touch = candidate.touch_points.get(kind=TouchKind.PHONE_CALL)
    assert touch.occurred_at == NOW and touch.author == recruiter


def test_snoozing_from_home_takes_the_candidate_off_the_overdue_list(frozen, recruiter_client, recruiter):
    candidate = overdue_candidate(recruiter, full_name="Sam Snoozed")
    url = reverse("outreach:schedule_snooze", args=[candidate.pk])

    response = recruiter_client.post(url, {"period": "2w", "next": HOME}, follow=True)

    assert response.redirect_chain == [(HOME, 302)]
    assert "Snoozed Sam Snoozed until 16 Mar 2026" in response.content.decode()
    assert response.context["overdue"] == [] and response.context["due_soon"] == []
    assert CheckInSchedule.objects.get(candidate=candidate).next_due_at == NOW + dt.timedelta(weeks=2)


def test_home_query_count_is_pinned_and_does_not_grow_with_rows(frozen, client, recruiter,
                                                                django_assert_max_num_queries):
    client.force_login(recruiter)
    counts = []
    for total in (5, 50):
        while CheckInSchedule.objects.count() < total:
            i = CheckInSchedule.objects.count()
            overdue_candidate(recruiter, days=1 + i % 9, tier=Tier.TOP if i % 4 == 0 else Tier.WARM)
        # Session, user, profile (timezone), permissions (user + groups), which schedules are due,
        # the rows shown; the sections nested apps add (outreach.sequences: open tasks, replies;
        # outreach.signals: who to contact today, four queries whatever the pool).
        with django_assert_max_num_queries(13), CaptureQueriesContext(connection) as queries:
            response = client.get(HOME)
        assert len(response.context["overdue"]) == total
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_home_lists_the_most_urgent_rows_but_counts_everyone(frozen, recruiter_client, recruiter, monkeypatch):
    monkeypatch.setattr("outreach.views.ROWS_PER_SECTION", 2)
    overdue_candidate(recruiter, days=2, full_name="Warm Two Days")
    overdue_candidate(recruiter, days=9, full_name="Warm Nine Days")
    overdue_candidate(recruiter, days=1, tier=Tier.TOP, full_name="Top One Day")
    for days in (1, 2, 3):
        due_soon_candidate(recruiter, in_days=days, full_name=f"Soon {days}")
    response = recruiter_client.get(HOME)
    assert [s.candidate.full_name for s in response.context["overdue"]] == ["Top One Day", "Warm Nine Days"]
    assert [s.candidate.full_name for s in response.context["due_soon"]] == ["Soon 1", "Soon 2"]
    html = response.content.decode()
    assert 'id="count-overdue">3<' in html and 'id="count-due-soon">3<' in html
    assert 'id="count-top-overdue">1<' in html
    assert "Showing the 2 most urgent of 3" in section(html, "overdue")
    assert "Showing the first 2 of 3 due this week" in section(html, "due-soon")
    assert "Warm Two Days" not in section(html, "overdue")


# --- Access ----------------------------------------------------------------------------------------

def test_pages_need_a_login(client):
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_user_without_a_role_is_forbidden_everywhere(frozen, client, recruiter):
    candidate = overdue_candidate(recruiter)
    feedback = FeedbackFactory(interview=InterviewFactory(candidate=candidate))
    client.force_login(get_user_model().objects.create_user("nobody", password="pw-nobody-12345"))
    pk = candidate.pk
    for method, url in [
        ("get", HOME),
        ("get", reverse("outreach:touch_create", args=[pk])),
        ("post", reverse("outreach:touch_create", args=[pk])),
        ("get", reverse("outreach:schedule_update", args=[pk])),
        ("post", reverse("outreach:schedule_snooze", args=[pk])),
        ("post", reverse("outreach:schedule_pause", args=[pk])),
        ("get", reverse("outreach:feedback_share", args=[feedback.pk])),
    ]:
        assert getattr(client, method)(url).status_code == 403, url
    assert candidate.touch_points.count() == 1


@pytest.mark.parametrize("name", ["touch_create", "schedule_update", "schedule_snooze"])
def test_missing_candidate_is_404(recruiter_client, name):
    assert recruiter_client.get(reverse(f"outreach:{name}", args=[999999])).status_code == 404


def test_missing_feedback_and_pause_target_are_404(recruiter_client):
    assert recruiter_client.get(reverse("outreach:feedback_share", args=[999999])).status_code == 404
    assert recruiter_client.post(reverse("outreach:schedule_pause", args=[999999])).status_code == 404


# --- Log touch point -------------------------------------------------------------------------------

def test_touch_form_defaults_to_now_and_the_preferred_channel(frozen, recruiter_client, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    schedule_set_cadence(schedule=candidate.schedule, cadence_days=30, preferred_channel=TouchKind.SOCIAL)
    response = recruiter_client.get(reverse("outreach:touch_create", args=[candidate.pk]))
    html = response.content.decode()
    assert '<option value="social" selected>' in html
    # 09:00 UTC is 09:00 in London in March: the picker shows the recruiter's own clock.
    assert 'value="2026-03-02T09:00"' in html
    assert "feedback_shared" not in html


def test_touch_time_is_read_in_the_recruiters_timezone(frozen, client, other_recruiter):
    candidate = CandidateFactory(owner=other_recruiter)
    client.force_login(other_recruiter)  # New York, UTC-5 in early March
    client.post(reverse("outreach:touch_create", args=[candidate.pk]),
                {"kind": TouchKind.EMAIL, "direction": Direction.INBOUND, "occurred_at": "2026-03-01T16:30"})
    touch = candidate.touch_points.get()
    assert touch.occurred_at == dt.datetime(2026, 3, 1, 21, 30, tzinfo=dt.UTC)
    assert touch.direction == Direction.INBOUND


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"kind": "carrier_pigeon"}, "kind", "Select a valid choice"),
    ({"kind": TouchKind.FEEDBACK_SHARED}, "kind", "Select a valid choice"),
    ({"kind": TouchKind.EMAIL, "occurred_at": "2026-03-02T10:00"}, "occurred_at", "in the future"),
    ({"kind": TouchKind.EMAIL, "occurred_at": "yesterday-ish"}, "occurred_at", "Enter a valid date/time"),
    ({"kind": TouchKind.EMAIL, "direction": "sideways"}, "direction", "Select a valid choice"),
    ({"kind": TouchKind.EMAIL, "summary": "x" * 4001}, "summary", "at most 4000 characters"),
])
def test_bad_touch_input_shows_inline_errors_and_saves_nothing(frozen, recruiter_client, recruiter, data, field,
                                                               message):
    candidate = CandidateFactory(owner=recruiter)
    before = CheckInSchedule.objects.get(candidate=candidate).next_due_at
    response = recruiter_client.post(reverse("outreach:touch_create", args=[candidate.pk]),
                                     {"direction": Direction.OUTBOUND, "next": HOME, **data})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert 'class="invalid-feedback"' in response.content.decode()
    assert not TouchPoint.objects.exists()
    assert CheckInSchedule.objects.get(candidate=candidate).next_due_at == before
    assert f'name="next" value="{HOME}"' in response.content.decode()


@pytest.fixture
def chen(db):
    """A recruiter ahead of UTC, where a time in year 1 is stored by PostgreSQL as 1 BC."""
    return recruiter_create(username="chen", email="chen@example.com", password="pw-chen-12345",
                            timezone_name="Asia/Singapore")


def _every_page_listing(candidate, client) -> dict:
    pages = [candidate.get_absolute_url(), HOME, reverse("outreach:digest_preview"),
             reverse("candidates:list") + "?sort=next_due", reverse("candidates:list") + f"?q={candidate.full_name}"]
    return {url: client.get(url).status_code for url in pages}


@pytest.mark.parametrize("typed", ["0001-01-01T00:00", "1900-01-01T09:00"])
def test_a_touch_in_year_1_or_1900_is_an_inline_error_and_nothing_breaks(frozen, client, chen, typed):
    candidate = CandidateFactory(owner=chen, tier=Tier.TOP)
    client.force_login(chen)
    schedule_before = CheckInSchedule.objects.filter(candidate=candidate).values().get()
    response = client.post(reverse("outreach:touch_create", args=[candidate.pk]),
                           {"kind": TouchKind.EMAIL, "direction": Direction.OUTBOUND, "occurred_at": typed})
    assert response.status_code == 200
    assert response.context["form"].errors["occurred_at"] == [
        "That is too long ago: enter a time from 1 Jan 1970 to now."]
    assert not TouchPoint.objects.exists()
    assert CheckInSchedule.objects.filter(candidate=candidate).values().get() == schedule_before
    assert set(_every_page_listing(candidate, client).values()) == {200}
    assert "days overdue" not in client.get(HOME).content.decode()
    call_command("queue_digests", "--user", "chen", stdout=io.StringIO())


def test_sharing_feedback_in_year_1_is_an_inline_error_and_the_candidate_page_still_loads(frozen, client, chen):
    feedback = FeedbackFactory(interview=InterviewFactory(candidate=CandidateFactory(owner=chen)))
    client.force_login(chen)
    response = client.post(reverse("outreach:feedback_share", args=[feedback.pk]),
                           {"via": "email", "shared_at": "0001-01-01T00:00"})
    assert response.status_code == 200
    assert "That is too long ago" in response.context["form"].errors["shared_at"][0]
    feedback.refresh_from_db()
    assert feedback.shared_at is None and not TouchPoint.objects.exists()
    assert client.get(feedback.interview.candidate.get_absolute_url()).status_code == 200


def test_a_time_with_a_nul_appended_is_an_inline_error(frozen, recruiter_client, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    response = recruiter_client.post(reverse("outreach:touch_create", args=[candidate.pk]),
                                     {"kind": TouchKind.EMAIL, "direction": Direction.OUTBOUND,
                                      "occurred_at": "2026-03-01T10:00\x00"})
    assert response.status_code == 200
    assert response.context["form"].errors["occurred_at"] == ["Enter a valid date/time."]
    assert not TouchPoint.objects.exists()


@pytest.mark.parametrize("evil", ["https://evil.example.com/", "//evil.example.com/x", "javascript:alert(1)"])
def test_open_redirect_through_next_is_refused(frozen, recruiter_client, recruiter, evil):
    candidate = CandidateFactory(owner=recruiter)
    response = recruiter_client.post(reverse("outreach:touch_create", args=[candidate.pk]),
                                     {"kind": TouchKind.EMAIL, "direction": Direction.OUTBOUND, "next": evil})
    assert response.status_code == 302
    assert response.url == candidate.get_absolute_url()
    page = recruiter_client.get(reverse("outreach:touch_create", args=[candidate.pk]), {"next": evil})
    assert "evil.example.com" not in page.content.decode()


# --- Cadence, snooze, pause ------------------------------------------------------------------------

def test_schedule_form_saves_a_custom_cadence(frozen, recruiter_client, recruiter):
    candidate = CandidateFactory(owner=recruiter, tier=Tier.WARM)
    response = recruiter_client.post(reverse("outreach:schedule_update", args=[candidate.pk]),
                                     {"cadence": "custom", "custom_days": "10", "preferred_channel": "meeting"})
    assert response.url == candidate.get_absolute_url()
    schedule = CheckInSchedule.objects.get(candidate=candidate)
    assert (schedule.cadence_days, schedule.cadence_customised, schedule.preferred_channel) == (10, True, "meeting")
    assert schedule.next_due_at == NOW + dt.timedelta(days=10)


def test_schedule_form_preset_ignores_a_stray_custom_number(frozen, recruiter_client, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    recruiter_client.post(reverse("outreach:schedule_update", args=[candidate.pk]),
                          {"cadence": "7", "custom_days": "0", "preferred_channel": "email"})
    assert CheckInSchedule.objects.get(candidate=candidate).cadence_days == 7


def test_schedule_form_shows_the_current_custom_cadence(frozen, recruiter_client, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    schedule_set_cadence(schedule=candidate.schedule, cadence_days=45)
    form = recruiter_client.get(reverse("outreach:schedule_update", args=[candidate.pk])).context["form"]
    assert form.initial["cadence"] == "custom" and form.initial["custom_days"] == 45


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"cadence": "custom", "custom_days": "0"}, "custom_days", "at least 1 day"),
    ({"cadence": "custom", "custom_days": "-3"}, "custom_days", "at least 1 day"),
    ({"cadence": "custom", "custom_days": "731"}, "custom_days", "at most 730 days"),
    ({"cadence": "custom", "custom_days": ""}, "custom_days", "how many days"),
    ({"cadence": "custom", "custom_days": "soon"}, "custom_days", "Enter a whole number"),
    ({"cadence": "3"}, "cadence", "Select a valid choice"),
    ({"cadence": "7", "preferred_channel": "fax"}, "preferred_channel", "Select a valid choice"),
])
def test_bad_cadence_shows_inline_errors_and_saves_nothing(frozen, recruiter_client, recruiter, data, field,
                                                           message):
    candidate = CandidateFactory(owner=recruiter)
    response = recruiter_client.post(reverse("outreach:schedule_update", args=[candidate.pk]),
                                     {"preferred_channel": "email", **data})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert 'class="invalid-feedback"' in response.content.decode()
    assert CheckInSchedule.objects.get(candidate=candidate).cadence_days == 30


def test_snooze_until_a_date_starts_that_morning_locally(frozen, recruiter_client, recruiter):
    candidate = overdue_candidate(recruiter)
    recruiter_client.post(reverse("outreach:schedule_snooze", args=[candidate.pk]), {"until": "2026-04-10"})
    # London is on summer time (UTC+1) by 10 April.
    expected = dt.datetime(2026, 4, 9, 23, 0, tzinfo=dt.UTC)
    assert CheckInSchedule.objects.get(candidate=candidate).next_due_at == expected


@pytest.mark.parametrize(("data", "message"), [
    ({"until": "2026-03-02"}, "Pick a date from tomorrow (3 Mar 2026) to 1 Mar 2028."),
    ({"until": "2025-12-25"}, "Pick a date from tomorrow (3 Mar 2026) to 1 Mar 2028."),
    ({"until": "2028-03-02"}, "That is too far ahead: pick a date no later than 1 Mar 2028."),
    ({"period": "forever"}, "Select a valid choice"),
    ({}, "Choose how long to snooze for."),
])
def test_bad_snooze_shows_inline_errors_and_saves_nothing(frozen, recruiter_client, recruiter, data, message):
    candidate = overdue_candidate(recruiter)
    before = CheckInSchedule.objects.get(candidate=candidate)
    response = recruiter_client.post(reverse("outreach:schedule_snooze", args=[candidate.pk]), data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors)
    assert message.split(".")[0] in response.content.decode()
    after = CheckInSchedule.objects.get(candidate=candidate)
    assert (after.next_due_at, after.snoozed_until) == (before.next_due_at, None)


def test_pause_and_resume(frozen, recruiter_client, recruiter):
    candidate = overdue_candidate(recruiter, full_name="Paula Paused")
    url = reverse("outreach:schedule_pause", args=[candidate.pk])

    response = recruiter_client.post(url, {"paused": "true", "next": HOME}, follow=True)
    assert "Paused check-ins with Paula Paused" in response.content.decode()
    assert response.context["overdue"] == []
    # The same "pause" sent twice (a double click) stays paused.
    recruiter_client.post(url, {"paused": "true"})
    assert CheckInSchedule.objects.get(candidate=candidate).paused

    response = recruiter_client.post(url, {"paused": "false", "next": HOME}, follow=True)
    assert [s.candidate for s in response.context["overdue"]] == [candidate]


def test_pause_without_a_value_toggles_and_get_is_not_allowed(frozen, recruiter_client, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    url = reverse("outreach:schedule_pause", args=[candidate.pk])
    assert recruiter_client.get(url).status_code == 405
    recruiter_client.post(url)
    assert CheckInSchedule.objects.get(candidate=candidate).paused
    recruiter_client.post(url)
    assert not CheckInSchedule.objects.get(candidate=candidate).paused


def test_schedule_card_reflects_state(frozen, recruiter, rf):
    from django.template.loader import render_to_string

    candidate = Candidate.objects.get(pk=overdue_candidate(recruiter, days=4).pk)
    request = rf.get(candidate.get_absolute_url())
    request.user = recruiter
    html = render_to_string("outreach/_schedule_card.html", {"candidate": candidate}, request=request)
    assert "4 days overdue" in html and "Pause check-ins" in html and "Monthly" in html
    assert 'name="csrfmiddlewaretoken"' in html

    schedule_set_paused(schedule=candidate.schedule, paused=True)
    candidate = Candidate.objects.get(pk=candidate.pk)
    html = render_to_string("outreach/_schedule_card.html", {"candidate": candidate}, request=request)
    assert "Resume check-ins" in html and "overdue" not in html


# --- Share feedback ---------------------------------------------------------------------------------

def test_share_feedback_logs_one_touch_point(frozen, recruiter_client, recruiter):
    candidate = overdue_candidate(recruiter, full_name="Fiona Feedback")
    feedback = FeedbackFactory(interview=InterviewFactory(candidate=candidate), candidate_note="Great <b>design</b>")
    url = reverse("outreach:feedback_share", args=[feedback.pk])

    page = recruiter_client.get(url).content.decode()
    assert "Great &lt;b&gt;design&lt;/b&gt;" in page
    assert 'value="2026-03-02T09:00"' in page  # defaults to now, on the recruiter's clock

    response = recruiter_client.post(url, {"via": "phone", "shared_at": "2026-03-02T08:30"})
    assert response.url == candidate.get_absolute_url()
    feedback.refresh_from_db()
    assert feedback.shared_via == "phone" and feedback.shared_at == NOW - dt.timedelta(minutes=30)
    touch = candidate.touch_points.get(kind=TouchKind.FEEDBACK_SHARED)
    assert touch.summary == "Great <b>design</b>"

    again = recruiter_client.post(url, {"via": "email"}, follow=True)
    assert "already shared" in again.content.decode()
    assert candidate.touch_points.filter(kind=TouchKind.FEEDBACK_SHARED).count() == 1
    assert recruiter_client.get(url).status_code == 302


@pytest.mark.parametrize(("data", "field"), [
    ({"via": "carrier_pigeon"}, "via"),
    ({"via": "email", "shared_at": "2026-03-03T09:00"}, "shared_at"),
])
def test_bad_share_input_shows_inline_errors(frozen, recruiter_client, recruiter, data, field):
    feedback = FeedbackFactory(interview=InterviewFactory(candidate=CandidateFactory(owner=recruiter)))
    response = recruiter_client.post(reverse("outreach:feedback_share", args=[feedback.pk]), data)
    assert response.status_code == 200 and field in response.context["form"].errors
    feedback.refresh_from_db()
    assert feedback.shared_at is None and not TouchPoint.objects.exists()


def test_the_schedule_card_never_calls_a_do_not_contact_candidate_overdue(recruiter_client, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    CheckInSchedule.objects.filter(candidate=candidate).update(next_due_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    url = reverse("candidates:detail", args=[candidate.pk])
    assert "overdue" in recruiter_client.get(url).content.decode()

    Candidate.objects.filter(pk=candidate.pk).update(do_not_contact=True)
    card = recruiter_client.get(url).content.decode()
    card = card[card.index('id="schedule-card"'):]
    assert "overdue" not in card.split("</section>")[0]



@pytest.mark.parametrize(("off", "says"), [
    ({"stage": "not_interested"}, "Check-ins are off while they are not interested."),
    ({"do_not_contact": True}, "Check-ins are off for good: they asked us not to contact them."),
    ({"stage": "do_not_contact"}, "Check-ins are off for good: they asked us not to contact them."),
])
def test_the_schedule_card_offers_no_plan_when_check_ins_are_off(recruiter_client, recruiter, off, says):
    candidate = CandidateFactory(owner=recruiter, **off)
    html = recruiter_client.get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    card = html[html.index('id="schedule-card"'):].split("</section>")[0]
    assert says in card
    for offer in ("Next due", "Snooze", "Pause check-ins", "Change cadence"):
        assert offer not in card, offer
    assert reverse("outreach:schedule_update", args=[candidate.pk]) not in html  # nor among the page's actions
    assert "Log touch point" in card  # a touch they start themselves is still worth recording


def test_the_schedule_card_plans_as_usual_otherwise(recruiter_client, recruiter):
    candidate = CandidateFactory(owner=recruiter, stage="nurturing")
    html = recruiter_client.get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    card = html[html.index('id="schedule-card"'):].split("</section>")[0]
    assert "Check-ins are off" not in card
    for offer in ("Next due", "Snooze", "Pause check-ins", "Change cadence"):
        assert offer in card, offer


def test_a_colleagues_candidate_says_whose_it_is_on_the_check_in_forms(recruiter_client, recruiter, other_recruiter):
    for owner, noted in ((other_recruiter, True), (recruiter, False)):
        feedback = FeedbackFactory(interview=InterviewFactory(candidate=CandidateFactory(owner=owner)))
        pk = feedback.interview.candidate_id
        urls = [reverse("outreach:touch_create", args=[pk]), reverse("outreach:schedule_update", args=[pk]),
                reverse("outreach:schedule_snooze", args=[pk]), reverse("outreach:feedback_share", args=[feedback.pk])]
        for url in urls:
            html = recruiter_client.get(url).content.decode()
            assert ("Owned by <strong>Oscar Other</strong>." in html) is noted, url
