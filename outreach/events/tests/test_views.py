"""The team's event pages: the form, the event page with counts and lists, inviting, check-in, CSV, dashboard."""
import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.tests.factories import CandidateFactory
from outreach.choices import TouchKind
from outreach.events.choices import Answer, Attendance
from outreach.events.models import Event, Invitation
from outreach.events.services import attendance_mark, invitations_send, rsvp_answer
from outreach.mail.models import OutboundEmail
from outreach.models import TouchPoint
from outreach.segments.models import Segment

from .factories import EventFactory

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def _form(**overrides) -> dict:
    start = (timezone.now() + dt.timedelta(days=10)).astimezone(LONDON).replace(hour=18, minute=0, second=0,
                                                                                 microsecond=0)
    return {"kind": "happy_hour", "title": "Summer happy hour", "description": "Drinks **on us**.",
            "event_timezone": "Europe/London", "starts": start.strftime("%Y-%m-%dT%H:%M"),
            "ends": (start + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"), "address": "The Crown",
            "online_url": "", "capacity": "2", "deadline": "", **overrides}


def test_a_recruiter_creates_an_event_in_its_own_timezone(recruiter_client, recruiter):
    data = _form(event_timezone="America/New_York")
    response = recruiter_client.post(reverse("events:create"), data)
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert event.timezone == "America/New_York" and event.local_start.strftime("%Y-%m-%dT%H:%M") == data["starts"]
    assert list(event.hosts.all()) == [recruiter] and event.capacity == 2 and event.sequence == 0


@pytest.mark.parametrize(("overrides", "field", "words"), [
    ({"ends": "2020-01-01T10:00"}, "ends", "after the start"),
    ({"starts": "2019-01-01T10:00", "ends": "2019-01-01T12:00"}, "starts", "in the past"),
    ({"starts": "2090-01-01T10:00", "ends": "2090-01-01T12:00"}, "starts", "too far ahead"),
    ({"capacity": "0"}, "capacity", "from 1 to"),
    ({"address": "", "online_url": ""}, "address", "Say where it is"),
    ({"online_url": "http://meet.example.com/x"}, "online_url", "https://"),
    ({"title": "Bad\x07title"}, "title", "control characters"),
    ({"starts": "not a date"}, "starts", "Enter a valid date/time"),
    ({"event_timezone": "Mars/Olympus"}, "event_timezone", "valid"),
])
def test_bad_input_is_an_inline_error_and_saves_nothing(recruiter_client, overrides, field, words):
    response = recruiter_client.post(reverse("events:create"), _form(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and words in " ".join(errors[field])
    assert not Event.objects.exists()


def test_a_deadline_after_the_start_is_refused(recruiter_client):
    data = _form()
    response = recruiter_client.post(reverse("events:create"), {**data, "deadline": data["ends"]})
    assert "before the event starts" in " ".join(response.context["form"].errors["deadline"])


def test_the_event_page_counts_and_lists_in_a_fixed_number_of_queries(recruiter_client, recruiter,
                                                                      django_assert_max_num_queries):
    event = EventFactory(created_by=recruiter, capacity=2)
    people = [CandidateFactory(owner=recruiter) for _ in range(6)]
    invitations_send(event=event, candidates=people, invited_by=recruiter)
    for candidate, answer in zip(people, ["going", "going", "going", "maybe", "declined"], strict=False):
        rsvp_answer(invitation=Invitation.objects.get(candidate=candidate), answer=answer)
    # One query per answer with guests (each list shows its first 200), whatever their number.
    with django_assert_max_num_queries(15):
        response = recruiter_client.get(event.get_absolute_url())
    counts = response.context["counts"]
    assert counts == {"invited": 6, "going": 2, "maybe": 1, "declined": 1, "waitlisted": 1, "no_answer": 1,
                      "attended": 0, "no_show": 0}
    html = response.content.decode()
    assert "On the waitlist (1)" in html and "Rita Recruiter" in html


def test_many_more_guests_cost_no_more_queries(recruiter_client, recruiter, django_assert_max_num_queries):
    event = EventFactory(created_by=recruiter)
    invitations_send(event=event, candidates=[CandidateFactory(owner=recruiter) for _ in range(40)],
                     invited_by=recruiter)
    with django_assert_max_num_queries(11):
        assert recruiter_client.get(event.get_absolute_url()).status_code == 200


def test_inviting_by_pick_and_by_segment_reports_who_was_left_out(recruiter_client, recruiter):
    event = EventFactory(created_by=recruiter)
    ana = CandidateFactory(owner=recruiter, full_name="Ana Lima", tier=1)
    blocked = CandidateFactory(owner=recruiter, full_name="Bo Block", tier=1, do_not_contact=True)
    response = recruiter_client.post(reverse("events:invite_pick", args=[event.pk]),
                                     {"candidates": f"{ana.pk},{blocked.pk}", "note": "Thought of you"}, follow=True)
    html = response.content.decode()
    assert "Invited 1 candidate." in html and "1 not written to (marked do not contact)" in html
    assert Invitation.objects.get(event=event).note == "Thought of you"

    segment = Segment.objects.create(name="Top tier", owner=recruiter, tiers=[1], shared=True)
    late = CandidateFactory(owner=recruiter, tier=1)
    response = recruiter_client.post(reverse("events:invite_segment", args=[event.pk]), {"segment": segment.pk},
                                     follow=True)
    assert "Invited 1 candidate." in response.content.decode() and "1 already invited" in response.content.decode()
    assert set(event.invitations.values_list("candidate", flat=True)) == {ana.pk, late.pk}


def test_inviting_with_nothing_picked_says_so(recruiter_client, recruiter):
    event = EventFactory(created_by=recruiter)
    response = recruiter_client.post(reverse("events:invite_pick", args=[event.pk]), {"candidates": "x,1"},
                                     follow=True)
    assert "Pick candidates from the list." in response.content.decode()
    assert not OutboundEmail.objects.exists()


def test_one_candidate_is_invited_to_a_chosen_event_and_sent_back(recruiter_client, recruiter):
    soon = EventFactory(created_by=recruiter, title="Summer drinks")
    EventFactory(created_by=recruiter, title="Long gone", starts_at=timezone.now() - dt.timedelta(days=30))
    ana = CandidateFactory(owner=recruiter, full_name="Ana Lima")
    url = reverse("events:invite_candidate", args=[ana.pk])
    form = recruiter_client.get(url, {"next": "/openings/1/"}).context["form"]
    assert list(form.fields["event"].queryset) == [soon]  # upcoming events only
    response = recruiter_client.post(url, {"event": soon.pk, "note": "You came to mind", "next": "/openings/1/"})
    assert response.status_code == 302 and response["Location"] == "/openings/1/"
    invitation = Invitation.objects.get()
    assert (invitation.event, invitation.candidate, invitation.note) == (soon, ana, "You came to mind")
    again = recruiter_client.post(url, {"event": soon.pk, "next": "https://evil.example/"}, follow=True)
    assert "Ana Lima was already invited to “Summer drinks”." in again.content.decode()
    assert again.redirect_chain[-1][0] == soon.get_absolute_url()  # not off-site
    assert Invitation.objects.count() == 1


def test_inviting_one_candidate_says_who_was_held_back_or_what_to_fix(recruiter_client, recruiter):
    event = EventFactory(created_by=recruiter)
    blocked = CandidateFactory(owner=recruiter, full_name="Bo Block", do_not_contact=True)
    url = reverse("events:invite_candidate", args=[blocked.pk])
    response = recruiter_client.post(url, {"event": event.pk}, follow=True)
    assert "Bo Block was not invited: not written to (marked do not contact)." in response.content.decode()
    response = recruiter_client.post(url, {"event": "999999"})
    assert response.status_code == 200 and "Choose one of the upcoming events." in response.content.decode()
    assert not Invitation.objects.exists()


def test_with_nothing_coming_up_the_invite_page_says_so(recruiter_client, recruiter):
    ana = CandidateFactory(owner=recruiter)
    page = recruiter_client.get(reverse("events:invite_candidate", args=[ana.pk])).content.decode()
    assert "No upcoming events to invite them to." in page


def test_the_type_ahead_finds_candidates_not_yet_invited(recruiter_client, recruiter):
    event = EventFactory(created_by=recruiter)
    ana = CandidateFactory(owner=recruiter, full_name="Ana Lima", email="ana@example.org")
    invited = CandidateFactory(owner=recruiter, full_name="Ana Invited")
    invitations_send(event=event, candidates=[invited], invited_by=recruiter)
    url = reverse("events:candidate_search", args=[event.pk])
    results = recruiter_client.get(url, {"q": "ana"}).json()["results"]
    assert [row["id"] for row in results] == [ana.pk]
    assert recruiter_client.get(url, {"q": "a"}).json() == {"results": []}


def test_the_host_checks_guests_in_and_adds_a_walk_in(recruiter_client, recruiter):
    event = EventFactory(created_by=recruiter)
    ana = CandidateFactory(owner=recruiter, full_name="Ana Lima")
    invitations_send(event=event, candidates=[ana], invited_by=recruiter)
    invitation = Invitation.objects.get()
    rsvp_answer(invitation=invitation, answer=Answer.GOING)
    page = recruiter_client.get(reverse("events:check_in", args=[event.pk]), {"q": "lima"})
    assert list(page.context["guests"]) == [invitation]
    response = recruiter_client.post(reverse("events:attendance", args=[event.pk, invitation.pk]),
                                     {"attendance": "attended", "q": "lima"})
    assert response.status_code == 302 and response["Location"].endswith("?q=lima")
    assert Invitation.objects.get(pk=invitation.pk).attendance == Attendance.ATTENDED
    assert TouchPoint.objects.filter(candidate=ana, kind=TouchKind.EVENT, summary__startswith="Attended").exists()
    bad = recruiter_client.post(reverse("events:attendance", args=[event.pk, invitation.pk]), {"attendance": "x"})
    assert bad.status_code == 302
    response = recruiter_client.post(reverse("events:walk_in", args=[event.pk]),
                                     {"full_name": "Zoe Quinn", "email": "zoe@example.org"}, follow=True)
    assert "Added Zoe Quinn as a new candidate and checked them in." in response.content.decode()
    response = recruiter_client.post(reverse("events:walk_in", args=[event.pk]), {"full_name": "", "email": "no"},
                                     follow=True)
    assert "Walk-in not added" in response.content.decode()


def test_csv_lists_every_guest_safely(recruiter_client, recruiter):
    event = EventFactory(created_by=recruiter)
    invitations_send(event=event, candidates=[CandidateFactory(owner=recruiter, full_name="=HYPERLINK(1)")],
                     invited_by=recruiter)
    response = recruiter_client.get(reverse("events:csv", args=[event.pk]))
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Name,Email,Answer") and lines[1].startswith("'=HYPERLINK(1)")


def test_after_the_event_the_page_shows_who_re_engaged_within_90_days(recruiter_client, recruiter):
    from outreach.services import touch_point_log

    event = EventFactory(created_by=recruiter, starts_at=timezone.now() - dt.timedelta(days=20),
                         ends_at=timezone.now() - dt.timedelta(days=20) + dt.timedelta(hours=2))
    came_back, quiet = CandidateFactory(owner=recruiter, full_name="Came Back"), CandidateFactory(owner=recruiter,
                                                                                                 full_name="Quiet One")
    for candidate in (came_back, quiet):
        invitation = Invitation.objects.create(event=event, candidate=candidate, invited_by=recruiter,
                                               answer=Answer.GOING)
        attendance_mark(invitation=invitation, attendance=Attendance.ATTENDED, marked_by=recruiter,
                        now=event.ends_at - dt.timedelta(hours=1))
    touch_point_log(candidate=came_back, kind=TouchKind.PHONE_CALL, occurred_at=timezone.now() - dt.timedelta(days=3),
                    author=recruiter)
    response = recruiter_client.get(event.get_absolute_url())
    assert [i.candidate for i in response.context["re_engaged"]] == [came_back]


def test_the_manager_dashboard_shows_events_held_and_attendance_per_quarter(manager_client, recruiter):
    held_at = timezone.now() - dt.timedelta(days=2)
    event = EventFactory(created_by=recruiter, starts_at=held_at, ends_at=held_at + dt.timedelta(hours=2))
    for attendance in (Attendance.ATTENDED, Attendance.NO_SHOW):
        Invitation.objects.create(event=event, candidate=CandidateFactory(owner=recruiter), invited_by=recruiter,
                                  answer=Answer.GOING, attendance=attendance)
    html = manager_client.get(reverse("outreach:dashboard")).content.decode()
    section = html[html.index('id="events"'):]
    assert "Events held and attendance per quarter" in section and "50 %" in section
    csv = manager_client.get(reverse("outreach:dashboard_csv", args=["events_by_quarter"])).content.decode()
    assert csv.splitlines()[-1].endswith(",1,2,1,1,50 %")


def test_the_calendar_page_gives_a_secret_link_and_replaces_it(recruiter_client):
    first = recruiter_client.get(reverse("events:calendar_feed")).context["feed_url"]
    recruiter_client.post(reverse("events:calendar_feed"))
    assert recruiter_client.get(reverse("events:calendar_feed")).context["feed_url"] != first


def test_the_list_shows_each_event_at_its_own_local_time(recruiter_client, recruiter):
    start = dt.datetime.combine(timezone.now().date() + dt.timedelta(days=30), dt.time(19),
                                tzinfo=zoneinfo.ZoneInfo("America/New_York"))
    EventFactory(created_by=recruiter, title="NYC meetup", timezone="America/New_York", starts_at=start,
                 ends_at=start + dt.timedelta(hours=2))
    html = recruiter_client.get(reverse("events:list")).content.decode()  # Rita's own timezone is London
    assert f"{start:%a} {start.day} {start:%b %Y}, 19:00 (America/New_York)" in html
