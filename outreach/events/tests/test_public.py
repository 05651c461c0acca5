"""The RSVP page and the calendar feed: signed links, GET changes nothing, nobody else's data, rate-limited."""
import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from candidates.tests.factories import CandidateFactory
from outreach.events.choices import Answer
from outreach.events.models import Invitation
from outreach.events.services import calendar_feed_for, calendar_feed_revoke, event_cancel
from outreach.events.tokens import feed_url, rsvp_token, rsvp_url
from outreach.models import TouchPoint
from outreach.ratelimit import REQUESTS_PER_WINDOW

from .factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(recruiter):
    return EventFactory(created_by=recruiter, title="Rooftop drinks", capacity=1, address="",
                        online_url="https://meet.example.com/rooftop-secret")


@pytest.fixture
def invitation(event, recruiter):
    candidate = CandidateFactory(owner=recruiter, full_name="Dana Scott", email="dana@example.org")
    return Invitation.objects.create(event=event, candidate=candidate, invited_by=recruiter)


def _path(invitation) -> str:
    return reverse("events:rsvp", args=[rsvp_token(invitation)])


def test_the_email_link_opens_the_page_with_the_answer_chosen_but_records_nothing(client, invitation):
    response = client.get(rsvp_url(invitation, Answer.GOING).removeprefix("https://crm.example.com"))
    html = response.content.decode()
    assert response.status_code == 200 and "Rooftop drinks" in html and "Hi Dana" in html
    (going_radio,) = re.findall(r'<input[^>]*value="going"[^>]*>', html)
    assert "checked" in going_radio
    invitation.refresh_from_db()
    assert invitation.answer == Answer.INVITED and not TouchPoint.objects.exists()
    assert "rooftop-secret" not in html  # the online link is for those going


def test_pressing_the_button_answers_and_reveals_the_online_link(client, invitation):
    path = _path(invitation)
    response = client.post(path, {"answer": "going"}, follow=True)
    html = response.content.decode()
    assert "going. See you there!" in html and 'href="https://meet.example.com/rooftop-secret"' in html
    assert Invitation.objects.get(pk=invitation.pk).answer == Answer.GOING


def test_past_capacity_the_page_says_waitlisted(client, invitation, event, recruiter):
    other = Invitation.objects.create(event=event, candidate=CandidateFactory(owner=recruiter), invited_by=recruiter)
    client.post(_path(other), {"answer": "going"})
    html = client.post(_path(invitation), {"answer": "going"}, follow=True).content.decode()
    assert "on the waitlist" in html and "rooftop-secret" not in html
    assert other.candidate.full_name not in html  # nothing about other guests


def test_a_tampered_or_unknown_token_is_a_plain_404(client, invitation):
    token = rsvp_token(invitation)
    for bad in (token[:-2] + ("A" if token[-1] != "A" else "B") * 2, "nonsense", "x" * 400):
        response = client.get(reverse("events:rsvp", args=[bad]))
        assert response.status_code == 404 and "Dana" not in response.content.decode()
    tampered = token[:-1] + ("Q" if token[-1] != "Q" else "R")  # never the token itself
    response = client.post(reverse("events:rsvp", args=[tampered]), {"answer": "going"})
    assert response.status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).answer == Answer.INVITED


def test_a_bad_answer_is_an_inline_error_not_a_500(client, invitation):
    response = client.post(_path(invitation), {"answer": "definitely"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()


def test_a_cancelled_event_takes_no_answers(client, invitation, event, recruiter):
    event_cancel(event=event, cancelled_by=recruiter)
    response = client.post(_path(invitation), {"answer": "going"}, follow=True)
    assert "is cancelled" in response.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).answer == Answer.INVITED


def test_the_rsvp_page_is_rate_limited(client, invitation):
    path = _path(invitation)
    statuses = [client.get(path).status_code for _ in range(REQUESTS_PER_WINDOW + 1)]
    assert statuses[:-1] == [200] * REQUESTS_PER_WINDOW and statuses[-1] == 429


def test_the_team_feed_lists_events_and_a_new_key_revokes_the_old_link(client, event, recruiter):
    old = feed_url(calendar_feed_for(user=recruiter)).removeprefix("https://crm.example.com")
    response = client.get(old)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    assert cal["METHOD"] == "PUBLISH" and [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == ["Rooftop drinks"]
    calendar_feed_revoke(user=recruiter)
    assert client.get(old).status_code == 404
    assert client.post(old).status_code == 405
