"""The newsletter pages as a recruiter uses them: write, preview, test, schedule, follow, control."""
import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from outreach.mail.choices import MailStatus
from outreach.mail.models import EmailPreferences
from outreach.newsletters.choices import NewsletterStatus
from outreach.newsletters.models import Newsletter, NewsletterClick
from outreach.newsletters.rendering import click_token
from outreach.newsletters.sending import newsletter_send_some

from .helpers import start

pytestmark = pytest.mark.django_db


def test_writing_a_newsletter_saves_a_draft(recruiter_client, segment, pool):
    response = recruiter_client.post(reverse("newsletters:create"), {
        "subject": "Hello {{ first_name }}", "preheader": "", "topic": "newsletter", "segment": segment.pk,
        "body": "Hi {{ first_name }}, **news**!",
    })
    newsletter = Newsletter.objects.get()
    assert response.status_code == 302 and response["Location"] == newsletter.get_absolute_url()
    assert newsletter.status == NewsletterStatus.DRAFT
    page = recruiter_client.get(newsletter.get_absolute_url())
    assert "3</strong> of 3 matching candidates can be emailed now" in page.content.decode()


def test_a_bad_merge_field_is_an_inline_error_and_nothing_is_saved(recruiter_client, segment):
    response = recruiter_client.post(reverse("newsletters:create"), {
        "subject": "Hello", "topic": "newsletter", "segment": segment.pk, "body": "Hi {{ frist_name }}",
    })
    assert response.status_code == 200
    assert "Unknown merge field" in response.content.decode()
    assert not Newsletter.objects.exists()


def test_the_preview_shows_a_chosen_candidate_in_html_and_text(recruiter_client, newsletter, pool):
    url = reverse("newsletters:preview", args=[newsletter.pk])
    html = recruiter_client.get(url, {"candidate": pool[1].pk, "part": "html"}).content.decode()
    assert "Hi Grace," in html and "<strong>two new teams</strong>" in html and "News for Grace" in html
    text = recruiter_client.get(url, {"candidate": pool[1].pk, "part": "text"}).content.decode()
    assert "Hi Grace," in text and "**two new teams**" in text
    # Someone outside the segment cannot be previewed (nor found out about).
    assert recruiter_client.get(url, {"candidate": 999999}).status_code == 404


def test_send_a_test_to_me_goes_to_my_own_address(recruiter_client, recruiter, newsletter, pool, smtp):
    response = recruiter_client.post(reverse("newsletters:test_send", args=[newsletter.pk]), {"candidate": pool[0].pk})
    assert response.status_code == 302
    [message] = smtp.recorder.messages()
    assert message["To"].addresses[0].addr_spec == recruiter.email
    assert message["Subject"] == "[Test] News for Ada"
    assert not newsletter.recipients().exists()  # a test is not a send


def test_scheduling_in_the_past_is_refused_inline(recruiter_client, newsletter):
    past = (timezone.localtime() - dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = recruiter_client.post(reverse("newsletters:schedule", args=[newsletter.pk]), {"when": past})
    assert response.status_code == 400
    assert "That time has passed" in response.content.decode()
    newsletter.refresh_from_db()
    assert newsletter.status == NewsletterStatus.DRAFT


def test_scheduling_for_later_waits_for_the_beat_job(recruiter_client, newsletter, pool):
    later = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    recruiter_client.post(reverse("newsletters:schedule", args=[newsletter.pk]), {"when": later})
    newsletter.refresh_from_db()
    assert newsletter.status == NewsletterStatus.SCHEDULED
    assert not newsletter.recipients().exists()


@override_settings(NEWSLETTER_RATE_PER_SECOND=0)
def test_send_now_materialises_and_sends(recruiter_client, newsletter, pool, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        recruiter_client.post(reverse("newsletters:schedule", args=[newsletter.pk]), {"now": "1"})
    newsletter.refresh_from_db()
    assert newsletter.status == NewsletterStatus.SENT
    assert smtp.recorder.count == 3
    progress = recruiter_client.get(reverse("newsletters:progress", args=[newsletter.pk])).json()
    assert progress["percent"] == 100 and progress["sent"] == 3 and progress["finished"]


def test_the_log_shows_who_was_left_out_and_why(recruiter_client, newsletter, pool, django_assert_max_num_queries):
    EmailPreferences.objects.create(candidate=pool[2], unsubscribed_at=timezone.now())
    start(newsletter)
    with django_assert_max_num_queries(13):
        page = recruiter_client.get(newsletter.get_absolute_url()).content.decode()
    assert "Alan Turing" in page and "Skipped: Unsubscribed from all email" in page
    skipped = recruiter_client.get(newsletter.get_absolute_url(), {"show": "skipped"}).content.decode()
    assert "Alan Turing" in skipped and "Ada Lovelace" not in skipped


def test_pause_resume_and_cancel_buttons(recruiter_client, newsletter, pool):
    start(newsletter)
    recruiter_client.post(reverse("newsletters:pause", args=[newsletter.pk]))
    newsletter.refresh_from_db()
    assert newsletter.status == NewsletterStatus.PAUSED
    recruiter_client.post(reverse("newsletters:resume", args=[newsletter.pk]))
    newsletter.refresh_from_db()
    assert newsletter.status == NewsletterStatus.SENDING
    recruiter_client.post(reverse("newsletters:cancel", args=[newsletter.pk]))
    newsletter.refresh_from_db()
    assert newsletter.status == NewsletterStatus.CANCELLED
    assert set(newsletter.recipients().values_list("status", flat=True)) == {MailStatus.SUPPRESSED}
    # Pausing what is finished says so instead of failing.
    response = recruiter_client.post(reverse("newsletters:pause", args=[newsletter.pk]), follow=True)
    assert "Only an issue that is sending can be paused" in response.content.decode()


@override_settings(NEWSLETTER_RATE_PER_SECOND=0)
def test_a_click_is_recorded_once_per_recipient_and_link_and_redirects(client, newsletter, pool, smtp):
    start(newsletter)
    newsletter_send_some(newsletter_id=newsletter.pk)
    email = newsletter.recipients().get(candidate=pool[0])
    token = click_token(email.message_id.strip("<>").partition(".")[0], 1)
    for _ in range(2):
        response = client.get(reverse("newsletters:click", args=[token]))
        assert response.status_code == 302 and response["Location"] == "https://example.com/meetup"
    assert NewsletterClick.objects.count() == 1
    assert client.get(reverse("newsletters:click", args=[token + "x"])).status_code == 404
    # The click is a warming signal on the candidate's timeline.
    from candidates.timeline import candidate_timeline

    entries, _ = candidate_timeline(pool[0])
    assert any(entry.kind == "newsletter_click" for entry in entries)
    assert any(entry.kind == "newsletter" or "Newsletter" in entry.title for entry in entries)
