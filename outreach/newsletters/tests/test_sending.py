"""Sending an issue: recipients once each, suppression at send time, pause, cancel, throttling."""
import pytest
from django.test import override_settings

from outreach.choices import TouchKind
from outreach.mail.choices import MailStatus, SuppressionReason
from outreach.mail.models import EmailPreferences, OutboundEmail
from outreach.mail.sending import Throttled
from outreach.models import TouchPoint
from outreach.newsletters.choices import NewsletterStatus
from outreach.newsletters.materialise import recipients_materialise
from outreach.newsletters.sending import newsletter_send_some
from outreach.newsletters.services import newsletter_cancel, newsletter_pause, newsletter_resume

from .helpers import start

pytestmark = pytest.mark.django_db


def statuses(newsletter) -> dict[str, str]:
    return dict(newsletter.recipients().values_list("to_email", "status"))


def test_recipients_are_materialised_once_with_who_is_left_out_and_why(newsletter, pool):
    EmailPreferences.objects.create(candidate=pool[2], unsubscribed_at="2026-01-01T00:00Z")
    from django.utils import timezone

    assert recipients_materialise(newsletter=newsletter, now=timezone.now()) == 3
    assert recipients_materialise(newsletter=newsletter, now=timezone.now()) == 0
    rows = {row.to_email: row for row in newsletter.recipients()}
    assert set(rows) == {"ada@example.org", "grace@example.org", "alan@example.org"}
    assert rows["ada@example.org"].status == MailStatus.QUEUED
    assert rows["alan@example.org"].status == MailStatus.SUPPRESSED
    assert rows["alan@example.org"].suppressed_reason == SuppressionReason.UNSUBSCRIBED_ALL
    # Everyone got preferences (their links need the random key), made in SQL.
    assert EmailPreferences.objects.filter(candidate__in=pool).count() == 3


@override_settings(NEWSLETTER_RATE_PER_SECOND=0)
def test_an_issue_reaches_each_recipient_once_personalised_with_list_headers(newsletter, pool, smtp):
    start(newsletter)
    run = newsletter_send_some(newsletter_id=newsletter.pk)
    assert run.sent == 3 and not run.more
    newsletter.refresh_from_db()
    assert newsletter.status == NewsletterStatus.SENT
    messages = {m["To"].addresses[0].addr_spec: m for m in smtp.recorder.messages()}
    assert set(messages) == {"ada@example.org", "grace@example.org", "alan@example.org"}
    ada = messages["ada@example.org"]
    assert ada["Subject"] == "News for Ada"
    assert ada["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/u/" in ada["List-Unsubscribe"]
    html = ada.get_body(("html",)).get_content()
    text = ada.get_body(("plain",)).get_content()
    assert "Hi Ada," in html and "Hi Ada," in text
    assert "two new teams" in html and "<strong>" in html
    assert "/n/c/" in html and "https://example.com/teams" not in html  # links go through the signed redirect
    assert "Two new teams, one meetup" in html  # the preheader
    assert set(statuses(newsletter).values()) == {MailStatus.SENT}
    # On the timeline as a newsletter touch point; the check-in cadence did not move.
    assert TouchPoint.objects.filter(kind=TouchKind.NEWSLETTER, candidate__in=pool).count() == 3
    for candidate in pool:
        candidate.schedule.refresh_from_db()
        assert candidate.schedule.last_touch_at is None


@override_settings(NEWSLETTER_RATE_PER_SECOND=0)
def test_who_unsubscribes_between_scheduling_and_sending_gets_nothing(newsletter, pool, smtp):
    start(newsletter)
    EmailPreferences.objects.filter(candidate=pool[1]).update(unsubscribed_topics=["newsletter"])
    assert newsletter_send_some(newsletter_id=newsletter.pk).sent == 2
    assert "grace@example.org" not in {m["To"].addresses[0].addr_spec for m in smtp.recorder.messages()}
    row = newsletter.recipients().get(candidate=pool[1])
    assert (row.status, row.suppressed_reason) == (MailStatus.SUPPRESSED, SuppressionReason.UNSUBSCRIBED_TOPIC)


@override_settings(NEWSLETTER_RATE_PER_SECOND=0)
def test_paused_sends_nothing_until_resumed_then_carries_on(newsletter, pool, smtp, monkeypatch):
    start(newsletter)
    monkeypatch.setattr("outreach.newsletters.sending.CHECK_EVERY", 1)
    sent = []

    def pause_after_first(**kwargs):
        sent.append(kwargs["to_email"])
        if len(sent) == 1:
            newsletter_pause(newsletter=newsletter)
        return original(**kwargs)

    from outreach.newsletters.transport import Transport

    original_send = Transport.send
    original = None

    def patched(self, **kwargs):
        nonlocal original
        original = lambda **kw: original_send(self, **kw)  # noqa: E731
        return pause_after_first(**kwargs)

    monkeypatch.setattr(Transport, "send", patched)
    run = newsletter_send_some(newsletter_id=newsletter.pk)
    assert run.sent == 1
    assert sorted(statuses(newsletter).values()) == [MailStatus.QUEUED, MailStatus.QUEUED, MailStatus.SENT]
    assert newsletter_send_some(newsletter_id=newsletter.pk).sent == 0  # still paused
    newsletter_resume(newsletter=newsletter)
    assert newsletter_send_some(newsletter_id=newsletter.pk).sent == 2
    assert smtp.recorder.count == 3


@override_settings(NEWSLETTER_RATE_PER_SECOND=0)
def test_cancelled_mid_send_nobody_else_gets_it(newsletter, pool, smtp):
    start(newsletter)
    assert newsletter_cancel(newsletter=newsletter) == 3
    assert newsletter_send_some(newsletter_id=newsletter.pk).sent == 0
    assert smtp.recorder.count == 0
    assert set(newsletter.recipients().values_list("suppressed_reason", flat=True)) == {"cancelled"}


@override_settings(NEWSLETTER_RATE_PER_SECOND=0)
def test_a_4xx_hands_the_batch_back_and_the_next_run_sends_it(newsletter, pool, smtp):
    start(newsletter)
    smtp.recorder.replies = ["250 OK", "451 4.7.1 Slow down"]
    with pytest.raises(Throttled):
        newsletter_send_some(newsletter_id=newsletter.pk)
    assert sorted(statuses(newsletter).values()) == [MailStatus.QUEUED, MailStatus.QUEUED, MailStatus.SENT]
    assert newsletter_send_some(newsletter_id=newsletter.pk).sent == 2
    assert smtp.recorder.count == 3
    newsletter.refresh_from_db()
    assert newsletter.status == NewsletterStatus.SENT


@override_settings(NEWSLETTER_RATE_PER_SECOND=0)
def test_a_5xx_fails_that_recipient_only_and_retry_the_failed_sends_it(newsletter, pool, smtp,
                                                                      django_capture_on_commit_callbacks):
    from outreach.newsletters.services import newsletter_retry_failed

    start(newsletter)
    smtp.recorder.replies = ["550 5.1.1 No such user"]
    assert newsletter_send_some(newsletter_id=newsletter.pk).sent == 2
    assert sorted(statuses(newsletter).values()) == [MailStatus.FAILED, MailStatus.SENT, MailStatus.SENT]
    newsletter.refresh_from_db()
    assert newsletter.status == NewsletterStatus.SENT
    with django_capture_on_commit_callbacks(execute=True):
        assert newsletter_retry_failed(newsletter=newsletter) == 1
    assert set(statuses(newsletter).values()) == {MailStatus.SENT}
    assert smtp.recorder.count == 3


def test_the_mail_sweep_leaves_newsletter_rows_to_their_sender(newsletter, pool):
    import datetime as dt

    from django.utils import timezone

    from outreach.mail.services import outbound_emails_sweep

    start(newsletter, now=timezone.now() - dt.timedelta(days=3))
    result = outbound_emails_sweep()
    assert result.requeued == [] and result.expired == 0
    assert OutboundEmail.objects.filter(status=MailStatus.QUEUED).count() == 3
