"""Who to contact today on the home page, dismissing a reason, and the digest's top five."""
import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from outreach.digests.sending import digest_send
from outreach.digests.services import digests_queue
from outreach.signals.choices import SignalState
from outreach.signals.job import signals_refresh
from outreach.signals.models import Signal

pytestmark = pytest.mark.django_db
HOME = reverse("outreach:my_checkins")


def section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start:html.index("</section>", start)]


def test_home_leads_with_who_to_contact_today(ada, opening, recruiter_client):
    signals_refresh()
    html = recruiter_client.get(HOME).content.decode()
    assert html.index('id="contact-today"') < html.index('id="all-caught-up"')
    today = section(html, "contact-today")
    assert "Ada Lovelace" in today
    assert "The Staff Engineer band now reaches £150k; Ada asked £140k." in today
    assert reverse("signals:dismiss", args=[Signal.objects.get().pk]) in today
    assert reverse("outreach:touch_create", args=[ada.pk]) in today


def test_no_section_when_nobody_needs_contacting(frozen, recruiter_client):
    assert 'id="contact-today"' not in recruiter_client.get(HOME).content.decode()


def test_dismissing_takes_them_off_the_list(ada, opening, recruiter_client):
    signals_refresh()
    signal = Signal.objects.get()
    response = recruiter_client.post(reverse("signals:dismiss", args=[signal.pk]), {"next": HOME}, follow=True)
    assert response.redirect_chain == [(HOME, 302)]
    html = response.content.decode()
    assert "Dismissed: Ada Lovelace will not be suggested for that reason again." in html
    assert 'id="contact-today"' not in html
    signal.refresh_from_db()
    assert signal.state == SignalState.DISMISSED


def test_dismissing_twice_says_so(ada, opening, recruiter_client):
    signals_refresh()
    url = reverse("signals:dismiss", args=[Signal.objects.get().pk])
    recruiter_client.post(url)
    response = recruiter_client.post(url, follow=True)
    assert "That reason for Ada Lovelace was already dismissed or acted on." in response.content.decode()


def test_a_get_changes_nothing(ada, opening, recruiter_client):
    signals_refresh()
    response = recruiter_client.get(reverse("signals:dismiss", args=[Signal.objects.get().pk]))
    assert response.status_code == 405
    assert Signal.objects.get().state == SignalState.LIVE


def test_another_recruiter_cannot_dismiss_but_a_manager_can(ada, opening, client, other_recruiter, manager):
    signals_refresh()
    url = reverse("signals:dismiss", args=[Signal.objects.get().pk])
    client.force_login(other_recruiter)
    assert client.post(url).status_code == 403
    assert Signal.objects.get().state == SignalState.LIVE
    client.force_login(manager)
    assert client.post(url).status_code == 302
    assert Signal.objects.get().state == SignalState.DISMISSED


def test_an_unknown_signal_is_a_404(frozen, recruiter_client):
    assert recruiter_client.post(reverse("signals:dismiss", args=[999])).status_code == 404


def test_the_digest_lists_the_top_five_with_their_reasons_and_one_click_links(ada, opening, recruiter):
    signals_refresh()
    # Rita's digest: 08:00 in London on a weekday.
    with time_machine.travel(dt.datetime(2026, 6, 16, 7, 0, tzinfo=dt.UTC), tick=False):
        (queued,) = digests_queue()
        digest_send(digest_id=queued.digest.pk)
    message = mail.outbox[-1]
    html = message.alternatives[0][0]
    assert "WHO TO CONTACT TODAY" in message.body
    assert "The Staff Engineer band now reaches £150k; Ada asked £140k." in message.body
    assert "Logged it: http" in message.body and "Snooze a week: http" in message.body
    assert "Ada Lovelace" in html and "Logged it</a>" in html
    assert "1 to contact today" in message.subject
