"""The public links, tested as a mail provider and a person use them: no login, no cookie, signed tokens."""
import datetime as dt

import pytest
import time_machine
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from candidates.tests.factories import CandidateFactory
from outreach.mail.choices import Frequency, MailKind, MailStatus, SuppressionReason, Topic
from outreach.mail.models import EmailPreferences
from outreach.mail.sending import outbound_email_send
from outreach.mail.services import bulk_emails_queue, personal_email_queue
from outreach.mail.suppression import preferences_for
from outreach.mail.tokens import LINK_MAX_AGE, preferences_token, unsubscribe_token
from outreach.models import TouchPoint
from outreach.ratelimit import REQUESTS_PER_WINDOW

from .factories import draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    """How Gmail posts a one-click unsubscribe: from its servers, no cookies, no CSRF token."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def preferences(candidate):
    return preferences_for(candidate)


def _unsubscribe_path(preferences, topic=Topic.NEWSLETTER):
    return reverse("mail:unsubscribe", args=[unsubscribe_token(preferences, topic)])


def _preferences_path(preferences):
    return reverse("mail:preferences", args=[preferences_token(preferences)])


def test_one_click_unsubscribe_answers_200_without_a_redirect_and_later_sends_are_suppressed(
        provider, preferences, candidate, recruiter, smtp):
    response = provider.post(_unsubscribe_path(preferences), data="List-Unsubscribe=One-Click",
                             content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and "Location" not in response
    assert not response.cookies.get("csrftoken") and not provider.cookies
    preferences.refresh_from_db()
    assert preferences.unsubscribed_topics == [Topic.NEWSLETTER]
    touch = TouchPoint.objects.get(candidate=candidate)
    assert touch.direction == "inbound" and "unsubscribed from newsletter" in touch.summary
    (email,) = bulk_emails_queue(kind=MailKind.NEWSLETTER, candidates=[candidate], sender=recruiter,
                                 subject="News", body="News.", batch_key="news:1").suppressed
    assert email == (candidate, SuppressionReason.UNSUBSCRIBED_TOPIC)
    # A newsletter queued before the click is kept back when it comes to be sent.
    preferences.unsubscribed_topics = []
    preferences.save()
    (queued,) = bulk_emails_queue(kind=MailKind.NEWSLETTER, candidates=[candidate], sender=recruiter,
                                  subject="News", body="News.", batch_key="news:2").queued
    provider.post(_unsubscribe_path(preferences), {"List-Unsubscribe": "One-Click"})
    assert outbound_email_send(email_id=queued.pk) is False
    queued.refresh_from_db()
    assert queued.status == MailStatus.SUPPRESSED and smtp.count == 0


def test_a_multipart_one_click_post_works_too_and_a_second_click_changes_nothing(provider, preferences, candidate):
    for _ in range(2):
        assert provider.post(_unsubscribe_path(preferences, ""), {"List-Unsubscribe": "One-Click"}).status_code == 200
    preferences.refresh_from_db()
    assert preferences.unsubscribed_at is not None
    assert TouchPoint.objects.filter(candidate=candidate).count() == 1


def test_a_get_shows_one_button_and_changes_nothing(client, preferences, candidate):
    response = client.get(_unsubscribe_path(preferences))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<button") == 1 and 'name="List-Unsubscribe" value="One-Click"' in html
    assert "Dana" in html and "dana@example.org" not in html
    preferences.refresh_from_db()
    assert preferences.unsubscribed_topics == [] and preferences.unsubscribed_at is None
    assert not TouchPoint.objects.filter(candidate=candidate).exists()
    assert "no-store" in response["Cache-Control"]


def test_a_post_without_the_one_click_body_is_refused(provider, preferences):
    response = provider.post(_unsubscribe_path(preferences), {"something": "else"})
    assert response.status_code == 400
    preferences.refresh_from_db()
    assert preferences.unsubscribed_topics == []


def _tampered(token: str) -> str:
    head, _, signature = token.rpartition(":")
    return f"{head}:{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"


@pytest.mark.parametrize("case", ["forged", "tampered", "other purpose", "expired", "unknown key", "junk"])
def test_a_bad_token_is_a_plain_404_and_changes_nothing(provider, preferences, candidate, case):
    token = unsubscribe_token(preferences, Topic.NEWSLETTER)
    bad = {
        "forged": signing.dumps({"k": preferences.link_key, "t": ""}, key="not-our-secret", salt="mail.unsubscribe"),
        "tampered": _tampered(token),
        "other purpose": preferences_token(preferences),  # a preferences token is no unsubscribe token
        "expired": token,
        "unknown key": signing.dumps({"k": "no-such-key", "t": ""}, salt="mail.unsubscribe"),
        "junk": "x" * 50,
    }[case]
    travel = dt.datetime.now(dt.UTC) + (LINK_MAX_AGE + dt.timedelta(days=1) if case == "expired" else dt.timedelta())
    with time_machine.travel(travel):
        for method in ("get", "post"):
            response = getattr(provider, method)(reverse("mail:unsubscribe", args=[bad]),
                                                 **({"data": {"List-Unsubscribe": "One-Click"}} if method == "post"
                                                    else {}))
            assert response.status_code == 404
            assert b"This link does not work" in response.content and b"Dana" not in response.content
    preferences.refresh_from_db()
    assert preferences.unsubscribed_topics == [] and preferences.unsubscribed_at is None


def test_a_bad_preferences_token_is_a_404(client, preferences):
    response = client.get(reverse("mail:preferences", args=[_tampered(preferences_token(preferences))]))
    assert response.status_code == 404


def test_the_public_links_are_rate_limited_per_address_and_route(client, preferences):
    path = _preferences_path(preferences)
    for _ in range(REQUESTS_PER_WINDOW):
        assert client.get(path).status_code == 200
    limited = client.get(path)
    assert limited.status_code == 429 and limited["Retry-After"] == "60"
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.get(path).status_code == 200  # someone else is not locked out
    assert client.get(_unsubscribe_path(preferences)).status_code == 200  # nor is the other route
    cache.clear()  # the window ends
    assert client.get(path).status_code == 200


def test_the_preference_centre_shows_the_current_choices_and_saves_them(client, preferences, candidate):
    path = _preferences_path(preferences)
    page = client.get(path)
    assert page.status_code == 200 and "Hi Dana" in page.content.decode()
    assert "dana@example.org" not in page.content.decode()
    with time_machine.travel(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC), tick=False):
        response = client.post(path, {"topics": [Topic.EVENTS], "frequency": Frequency.QUARTERLY, "pause": "3",
                                      "open_from": "2027-03-01"})
    assert response.status_code == 302 and response["Location"] == path
    preferences.refresh_from_db()
    assert sorted(preferences.unsubscribed_topics) == [Topic.JOBS, Topic.NEWSLETTER]
    assert preferences.frequency == Frequency.QUARTERLY
    assert preferences.paused_until == dt.datetime(2027, 2, 25, 12, tzinfo=dt.UTC)
    assert preferences.open_to_opportunities_from == dt.date(2027, 3, 1)
    touch = TouchPoint.objects.get(candidate=candidate)
    assert touch.direction == "inbound"
    assert "paused all email until 25 Feb 2027" in touch.summary and "frequency at most once a quarter" in touch.summary
    follow = client.get(path)
    assert "All email is paused until 25 February 2027" in follow.content.decode()
    assert "Resume email now" in follow.content.decode()


def test_a_pause_is_honoured_at_the_next_send(client, preferences, candidate, recruiter, smtp):
    email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
    client.post(_preferences_path(preferences), {"topics": Topic.values, "frequency": Frequency.ANY, "pause": "6"})
    assert outbound_email_send(email_id=email.pk) is False
    email.refresh_from_db()
    assert email.suppressed_reason == SuppressionReason.PAUSED


def test_saving_unchanged_preferences_logs_nothing(client, preferences, candidate):
    client.post(_preferences_path(preferences), {"topics": Topic.values, "frequency": Frequency.ANY})
    assert not TouchPoint.objects.filter(candidate=candidate).exists()


def test_bad_preference_input_is_an_inline_error_and_saves_nothing(client, preferences):
    response = client.post(_preferences_path(preferences), {"topics": ["bogus"], "frequency": "daily",
                                                            "open_from": "2199-01-01", "pause": "7"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"topics", "frequency", "open_from", "pause"}
    assert EmailPreferences.objects.get(pk=preferences.pk).updated_at == preferences.updated_at


def test_the_preference_centre_post_keeps_csrf(preferences):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(_preferences_path(preferences), {"topics": [], "frequency": Frequency.ANY})
    assert response.status_code == 403


def test_a_token_opens_only_its_own_candidate(client, preferences, recruiter):
    other = preferences_for(CandidateFactory(owner=recruiter, full_name="Olga Other"))
    page = client.get(_preferences_path(preferences)).content.decode()
    assert "Olga" not in page and other.link_key not in page


def test_the_email_links_lead_to_these_pages(candidate, recruiter, client, settings):
    settings.SITE_URL = "https://crm.example.com"
    email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
    link = next(word for word in email.body_text.split() if "/email-preferences/" in word)
    assert client.get(link.removeprefix("https://crm.example.com")).status_code == 200
