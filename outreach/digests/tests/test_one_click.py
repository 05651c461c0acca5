"""A digest row's one-click links: in the email, a GET that changes nothing, a POST that acts once."""
import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory
from outreach.choices import TouchKind
from outreach.digests.links import DigestAction, digest_link_path
from outreach.digests.sending import digest_send
from outreach.digests.services import digests_queue
from outreach.models import CheckInSchedule, DigestLinkUse, TouchPoint
from outreach.services import touch_point_log

pytestmark = pytest.mark.django_db
LONG_AGO = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
DIGEST_HOUR = dt.datetime(2026, 3, 6, 8, 0, tzinfo=dt.UTC)  # 08:00 in London, a Friday
LATER_THAT_DAY = DIGEST_HOUR + dt.timedelta(hours=2)


@pytest.fixture
def ada(recruiter):
    with time_machine.travel(LONG_AGO, tick=False):
        return CandidateFactory(owner=recruiter, tier=Tier.TOP, full_name="Ada Lovelace")


def _link(recruiter, candidate, action: str) -> str:
    schedule = CheckInSchedule.objects.get(candidate=candidate)
    return digest_link_path(user_id=recruiter.pk, candidate_id=candidate.pk, action=action,
                            due_at=schedule.next_due_at)


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_digest_email_over_smtp_carries_both_links_for_each_row(recruiter, ada, smtp, settings):
    settings.SITE_URL = "https://crm.example.com"
    with time_machine.travel(DIGEST_HOUR, tick=False):
        (queued,) = digests_queue()
        assert digest_send(digest_id=queued.digest.pk) is True
    (message,) = smtp.messages()
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    logged = re.search(r"Logged it: (https://crm\.example\.com/digests/do/\S+/)", text)
    snooze = re.search(r"Snooze a week: (https://crm\.example\.com/digests/do/\S+/)", text)
    assert logged and snooze and logged[1] != snooze[1]
    assert f'href="{logged[1]}">Logged it</a>' in html and f'href="{snooze[1]}">Snooze a week</a>' in html
    # The links open Ada's confirmation for Rita, and say what the button will do.
    with time_machine.travel(LATER_THAT_DAY, tick=False):
        page = _as(recruiter).get(logged[1].removeprefix("https://crm.example.com"))
    assert page.status_code == 200
    assert "Log a touch point with Ada Lovelace?" in page.content.decode()


def test_opening_the_link_changes_nothing(recruiter, ada):
    path = _link(recruiter, ada, DigestAction.LOGGED)
    before = CheckInSchedule.objects.get(candidate=ada).next_due_at
    client = _as(recruiter)
    for _ in range(3):  # a mail scanner, a preview pane, the recruiter
        assert client.get(path).status_code == 200
    assert not TouchPoint.objects.filter(candidate=ada).exists()
    assert CheckInSchedule.objects.get(candidate=ada).next_due_at == before
    assert not DigestLinkUse.objects.exists()


def test_pressing_logged_it_twice_logs_one_touch_point(recruiter, ada):
    path = _link(recruiter, ada, DigestAction.LOGGED)
    client = _as(recruiter)
    with time_machine.travel(LATER_THAT_DAY, tick=False):
        first = client.post(path, follow=True)
        second = client.post(path)
    (touch,) = TouchPoint.objects.filter(candidate=ada)
    assert touch.summary == "Logged from the digest" and touch.author == recruiter
    assert touch.kind == TouchKind.EMAIL  # the channel the digest said Ada prefers
    assert first.redirect_chain[-1][0] == ada.get_absolute_url()
    assert "Logged a touch point with Ada Lovelace from your digest" in first.content.decode()
    assert CheckInSchedule.objects.get(candidate=ada).next_due_at == LATER_THAT_DAY + dt.timedelta(days=14)
    assert second.status_code == 200 and "Already done" in second.content.decode()


def test_snooze_a_week_moves_the_check_in_seven_days_on(recruiter, ada):
    path = _link(recruiter, ada, DigestAction.SNOOZE)
    with time_machine.travel(LATER_THAT_DAY, tick=False):
        response = _as(recruiter).post(path)
    assert response.status_code == 302
    schedule = CheckInSchedule.objects.get(candidate=ada)
    assert schedule.next_due_at == LATER_THAT_DAY + dt.timedelta(days=7)
    assert not TouchPoint.objects.filter(candidate=ada).exists()


def test_a_check_in_that_moved_on_since_the_digest_is_left_alone(recruiter, ada):
    logged, snooze = _link(recruiter, ada, DigestAction.LOGGED), _link(recruiter, ada, DigestAction.SNOOZE)
    client = _as(recruiter)
    with time_machine.travel(LATER_THAT_DAY, tick=False):
        client.post(logged)
        # The same row's other link no longer applies: the check-in was just logged.
        response = client.post(snooze)
    assert "This check-in has changed since your digest" in response.content.decode()
    assert CheckInSchedule.objects.get(candidate=ada).snoozed_until is None


def test_a_touch_logged_by_hand_after_the_digest_makes_its_link_stale(recruiter, ada):
    path = _link(recruiter, ada, DigestAction.LOGGED)
    touch_point_log(candidate=ada, kind=TouchKind.PHONE_CALL, occurred_at=LATER_THAT_DAY, author=recruiter)
    response = _as(recruiter).post(path)
    assert "This check-in has changed since your digest" in response.content.decode()
    assert TouchPoint.objects.filter(candidate=ada).count() == 1


def test_links_work_for_fourteen_days_then_say_they_expired(recruiter, ada):
    with time_machine.travel(DIGEST_HOUR, tick=False):
        path = _link(recruiter, ada, DigestAction.LOGGED)
    client = _as(recruiter)
    with time_machine.travel(DIGEST_HOUR + dt.timedelta(days=13, hours=23), tick=False):
        assert client.get(path).status_code == 200
    with time_machine.travel(DIGEST_HOUR + dt.timedelta(days=14, minutes=1), tick=False):
        opened, pressed = client.get(path), client.post(path)
    assert opened.status_code == pressed.status_code == 410
    assert "This link has expired" in pressed.content.decode()
    assert not TouchPoint.objects.filter(candidate=ada).exists()


def test_someone_else_signed_in_is_refused_and_nothing_changes(recruiter, other_recruiter, ada):
    path = _link(recruiter, ada, DigestAction.LOGGED)
    client = _as(other_recruiter)
    opened, pressed = client.get(path), client.post(path)
    assert opened.status_code == pressed.status_code == 403
    assert "This link is from someone else's digest" in pressed.content.decode()
    assert not TouchPoint.objects.filter(candidate=ada).exists()


def test_a_tampered_link_does_nothing(recruiter, ada):
    path = _link(recruiter, ada, DigestAction.LOGGED)
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = reverse("outreach:digest_action", args=[token[:-3] + ("abc" if token[-3:] != "abc" else "xyz")])
    response = _as(recruiter).post(forged)
    assert response.status_code == 404 and "This link doesn't work" in response.content.decode()
    assert not TouchPoint.objects.filter(candidate=ada).exists()


def test_a_stranger_is_asked_to_sign_in_first(client, recruiter, ada):
    path = _link(recruiter, ada, DigestAction.LOGGED)
    response = client.get(path)
    assert response.status_code == 302 and "next=" in response["Location"]
