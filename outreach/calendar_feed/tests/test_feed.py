"""A recruiter's calendar feed: their due check-ins and hosted events, behind a secret, resettable link."""
import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from icalendar import Calendar

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory
from outreach.calendar_feed.services import calendar_subscription_for, calendar_subscription_reset
from outreach.calendar_feed.tokens import calendar_https_url
from outreach.choices import TouchKind
from outreach.events.tests.factories import EventFactory
from outreach.models import CheckInSchedule
from outreach.ratelimit import REQUESTS_PER_WINDOW
from outreach.services import schedule_set_paused, touch_point_log

pytestmark = pytest.mark.django_db
SITE = "https://crm.example.com"
NOW = dt.datetime(2026, 3, 6, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _site_and_clock(settings):
    settings.SITE_URL = SITE
    settings.MAIL_MESSAGE_ID_DOMAIN = "mail.example.com"
    cache.clear()  # the rate limit counts in the cache
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


def _due(candidate, at: dt.datetime) -> None:
    CheckInSchedule.objects.filter(candidate=candidate).update(next_due_at=at)


def _feed_path(user) -> str:
    return calendar_https_url(calendar_subscription_for(user=user)).removeprefix(SITE)


def _entries(response) -> dict[str, object]:
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    return {str(vevent["SUMMARY"]): vevent for vevent in Calendar.from_ical(response.content).walk("VEVENT")}


@pytest.fixture
def ada(other_recruiter):
    # Oscar works from New York: 03:00 UTC on 10 March is still the 9th for him.
    candidate = CandidateFactory(owner=other_recruiter, tier=Tier.TOP, full_name="Ada Lovelace",
                                 email="ada@example.org", current_company="Analytical Engines")
    _due(candidate, dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC))
    return candidate


def test_a_due_check_in_is_an_all_day_entry_on_its_local_due_date_linking_to_the_candidate(client, other_recruiter,
                                                                                         ada):
    entry = _entries(client.get(_feed_path(other_recruiter)))["Check in with Ada Lovelace"]
    assert entry.decoded("DTSTART") == dt.date(2026, 3, 9) and entry.decoded("DTEND") == dt.date(2026, 3, 10)
    assert str(entry["URL"]) == f"{SITE}/candidates/{ada.pk}/"
    assert str(entry["UID"]) == f"checkin-{ada.pk}@mail.example.com"
    # The name is all it says about her: no email address, no employer.
    body = client.get(_feed_path(other_recruiter)).content.decode()
    assert "ada@example.org" not in body and "Analytical" not in body


def test_a_moved_check_in_keeps_its_uid_so_calendars_move_the_entry(client, other_recruiter, ada):
    path = _feed_path(other_recruiter)
    before = _entries(client.get(path))["Check in with Ada Lovelace"]
    touch_point_log(candidate=ada, kind=TouchKind.EMAIL, occurred_at=NOW - dt.timedelta(hours=1),
                    author=other_recruiter)
    after = _entries(client.get(path))["Check in with Ada Lovelace"]
    assert after["UID"] == before["UID"]
    assert after.decoded("DTSTART") == (NOW - dt.timedelta(hours=1) + dt.timedelta(days=14)).date()


def test_the_feed_holds_two_weeks_back_and_three_months_ahead_of_my_active_check_ins(client, recruiter,
                                                                                    other_recruiter, ada):
    for name, due in [("Recent", NOW - dt.timedelta(days=13)), ("Long overdue", NOW - dt.timedelta(days=16)),
                      ("Soon", NOW + dt.timedelta(days=89)), ("Too far", NOW + dt.timedelta(days=92))]:
        _due(CandidateFactory(owner=other_recruiter, full_name=name), due)
    paused = CandidateFactory(owner=other_recruiter, full_name="Paused")
    schedule_set_paused(schedule=paused.schedule, paused=True)
    _due(CandidateFactory(owner=recruiter, full_name="Rita's own"), NOW + dt.timedelta(days=1))
    summaries = set(_entries(client.get(_feed_path(other_recruiter))))
    assert summaries == {"Check in with Ada Lovelace", "Check in with Recent", "Check in with Soon"}


def test_events_i_host_are_in_my_feed_with_their_own_timezone(client, recruiter, other_recruiter):
    hosted = EventFactory(title="Rooftop drinks", created_by=recruiter, starts_at=NOW + dt.timedelta(days=3))
    hosted.hosts.add(other_recruiter)
    EventFactory(title="Someone else's meetup", created_by=recruiter).hosts.add(recruiter)
    response = client.get(_feed_path(other_recruiter))
    entries = _entries(response)
    assert set(entries) == {"Rooftop drinks"}
    assert entries["Rooftop drinks"]["DTSTART"].params["TZID"] == "Europe/London"
    assert "BEGIN:VTIMEZONE" in response.content.decode()


def test_an_unchanged_calendar_is_a_304_and_a_change_gives_a_new_etag(client, other_recruiter, ada,
                                                                    django_assert_max_num_queries):
    path = _feed_path(other_recruiter)
    first = client.get(path)
    assert first["Cache-Control"] == "private, no-cache" and first["Last-Modified"]
    with django_assert_max_num_queries(3):  # the token, then one aggregate per source
        again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    # The same data gives the same bytes, so the ETag is honest.
    assert client.get(path).content == first.content
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        touch_point_log(candidate=ada, kind=TouchKind.EMAIL, occurred_at=NOW, author=other_recruiter)
        changed = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_building_the_feed_takes_a_fixed_number_of_queries(client, other_recruiter, django_assert_max_num_queries):
    for n in range(30):
        _due(CandidateFactory(owner=other_recruiter), NOW + dt.timedelta(days=n))
    hosted = EventFactory(created_by=other_recruiter)
    hosted.hosts.add(other_recruiter)
    path = _feed_path(other_recruiter)
    with django_assert_max_num_queries(6):
        assert len(_entries(client.get(path))) == 31


def test_reset_link_revokes_the_old_one(client, other_recruiter, ada):
    old = _feed_path(other_recruiter)
    calendar_subscription_reset(user=other_recruiter)
    new = _feed_path(other_recruiter)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_bad_token_is_the_same_plain_404_and_the_feed_only_answers_get(client, other_recruiter, ada):
    good = _feed_path(other_recruiter)
    tampered = good.replace("/nurture.ics", "x/nurture.ics")
    unknown = reverse("outreach:calendar_feed", args=["no-such-token"])
    first, second = client.get(tampered), client.get(unknown)
    assert first.status_code == second.status_code == 404
    assert "Ada" not in first.content.decode()
    assert client.post(good).status_code == 405


def test_the_feed_is_rate_limited_per_address(client, other_recruiter):
    path = _feed_path(other_recruiter)
    for _ in range(REQUESTS_PER_WINDOW):
        assert client.get(path).status_code == 200
    limited = client.get(path)
    assert limited.status_code == 429 and limited["Retry-After"]


def test_a_deactivated_recruiters_link_stops_working(client, other_recruiter, ada):
    path = _feed_path(other_recruiter)
    other_recruiter.is_active = False
    other_recruiter.save(update_fields=["is_active"])
    assert client.get(path).status_code == 404


def test_my_settings_makes_the_link_on_request_then_shows_subscribe_copy_and_reset(recruiter_client, recruiter):
    settings_url = reverse("outreach:my_settings")
    first = recruiter_client.get(settings_url).content.decode()
    assert "Make my calendar link" in first and "webcal://" not in first  # no secret link until asked for
    made = recruiter_client.post(reverse("outreach:calendar_reset"), follow=True).content.decode()
    assert "Your calendar link is ready" in made
    https = calendar_https_url(calendar_subscription_for(user=recruiter))
    assert f'value="{https}"' in made and 'data-copy-target="#calendar-url"' in made
    assert 'href="webcal://crm.example.com/calendar/' in made
    reset = recruiter_client.post(reverse("outreach:calendar_reset"), follow=True).content.decode()
    assert "Made a new calendar link" in reset
    assert calendar_https_url(calendar_subscription_for(user=recruiter)) != https
