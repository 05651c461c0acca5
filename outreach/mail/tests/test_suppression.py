"""Suppression is read at send time: every reason keeps the message back, with the reason on the row."""
import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from candidates.choices import Stage
from candidates.services import candidate_update
from outreach.mail.choices import Frequency, MailKind, MailStatus, SuppressionReason, Topic
from outreach.mail.models import EmailPreferences, OutboundEmail, Suppression
from outreach.mail.sending import outbound_email_send
from outreach.mail.services import bulk_emails_queue, personal_email_queue
from outreach.mail.suppression import preferences_for
from outreach.models import TouchPoint

from .factories import draft

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def _prefs(candidate, **fields) -> EmailPreferences:
    preferences = preferences_for(candidate)
    EmailPreferences.objects.filter(pk=preferences.pk).update(**fields)
    return preferences


def _newsletter(candidate, recruiter, key="news:1", topic=""):
    result = bulk_emails_queue(kind=MailKind.NEWSLETTER, candidates=[candidate], sender=recruiter, subject="News",
                               body="What we shipped.", batch_key=key, topic=topic)
    return result.queued[0] if result.queued else None


def _changes_after_queue(candidate, recruiter, reason):
    if reason == SuppressionReason.DO_NOT_CONTACT:
        candidate_update(candidate=candidate, changed_by=recruiter, do_not_contact=True)
    elif reason == SuppressionReason.STAGE_DO_NOT_CONTACT:
        candidate_update(candidate=candidate, changed_by=recruiter, stage=Stage.DO_NOT_CONTACT)
    elif reason == SuppressionReason.UNSUBSCRIBED_ALL:
        _prefs(candidate, unsubscribed_at=NOW)
    elif reason == SuppressionReason.PAUSED:
        _prefs(candidate, paused_until=NOW + dt.timedelta(days=90))
    elif reason in (SuppressionReason.HARD_BOUNCE, SuppressionReason.COMPLAINT, SuppressionReason.SOFT_BOUNCES,
                    SuppressionReason.MANUAL):
        Suppression.objects.create(email=candidate.email.upper(), reason=reason)


@pytest.mark.parametrize("reason", [
    SuppressionReason.DO_NOT_CONTACT, SuppressionReason.STAGE_DO_NOT_CONTACT, SuppressionReason.UNSUBSCRIBED_ALL,
    SuppressionReason.PAUSED, SuppressionReason.HARD_BOUNCE, SuppressionReason.COMPLAINT,
    SuppressionReason.SOFT_BOUNCES, SuppressionReason.MANUAL,
])
def test_a_personal_email_queued_before_the_change_is_kept_back_at_send_time(smtp, candidate, recruiter, reason):
    with time_machine.travel(NOW, tick=False):
        email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
        _changes_after_queue(candidate, recruiter, reason)
        assert outbound_email_send(email_id=email.pk) is False
    email.refresh_from_db()
    assert (email.status, email.suppressed_reason) == (MailStatus.SUPPRESSED, reason)
    assert email.finished_at and email.sent_at is None
    assert smtp.count == 0 and smtp.recorder.data_commands == 0
    assert not TouchPoint.objects.filter(candidate=candidate, kind="email").exists()


def test_unsubscribing_from_a_topic_stops_that_topic_only(smtp, candidate, recruiter):
    with time_machine.travel(NOW, tick=False):
        news = _newsletter(candidate, recruiter)
        event = bulk_emails_queue(kind=MailKind.EVENT, candidates=[candidate], sender=recruiter, subject="Meetup",
                                  body="Come.", batch_key="event:1").queued[0]
        personal = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
        _prefs(candidate, unsubscribed_topics=[Topic.NEWSLETTER])
        for email in (news, event, personal):
            outbound_email_send(email_id=email.pk)
    statuses = dict(OutboundEmail.objects.values_list("pk", "suppressed_reason"))
    assert statuses == {news.pk: SuppressionReason.UNSUBSCRIBED_TOPIC, event.pk: "", personal.pk: ""}
    assert smtp.count == 2


def test_a_pause_ends_on_its_date(smtp, candidate, recruiter):
    _prefs(candidate, paused_until=NOW + dt.timedelta(days=1))
    with time_machine.travel(NOW + dt.timedelta(days=2), tick=False):
        email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
        assert outbound_email_send(email_id=email.pk) is True


def test_at_most_monthly_keeps_a_second_bulk_email_in_the_month_back(smtp, candidate, recruiter):
    _prefs(candidate, frequency=Frequency.MONTHLY)
    with time_machine.travel(NOW, tick=False):
        assert outbound_email_send(email_id=_newsletter(candidate, recruiter, "news:1").pk)
    with time_machine.travel(NOW + dt.timedelta(days=10), tick=False):
        second = _newsletter(candidate, recruiter, "news:2")
        assert second is None  # skipped when queued already
        email = bulk_emails_queue(kind=MailKind.EVENT, candidates=[candidate], sender=recruiter, subject="x",
                                  body="y", batch_key="event:1").suppressed
        assert email[0][1] == SuppressionReason.FREQUENCY
        # A personal email is not a bulk email: frequency does not apply.
        personal = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
        assert outbound_email_send(email_id=personal.pk)
    with time_machine.travel(NOW + dt.timedelta(days=31), tick=False):
        assert outbound_email_send(email_id=_newsletter(candidate, recruiter, "news:3").pk)
    assert smtp.count == 3


def test_job_openings_wait_for_the_date_they_are_open_from(smtp, candidate, recruiter):
    _prefs(candidate, open_to_opportunities_from=dt.date(2027, 1, 1))
    with time_machine.travel(NOW, tick=False):
        result = bulk_emails_queue(kind=MailKind.SEQUENCE, candidates=[candidate], sender=recruiter, subject="Role",
                                   body="A role.", batch_key="seq:1", topic=Topic.JOBS)
    assert result.suppressed == [(candidate, SuppressionReason.NOT_OPEN_YET)]
    with time_machine.travel(dt.datetime(2027, 1, 2, tzinfo=dt.UTC), tick=False):
        result = bulk_emails_queue(kind=MailKind.SEQUENCE, candidates=[candidate], sender=recruiter, subject="Role",
                                   body="A role.", batch_key="seq:1", topic=Topic.JOBS)
    assert len(result.queued) == 1


def test_the_suppression_list_is_read_whatever_the_case_of_the_address(candidate, recruiter):
    Suppression.objects.create(email="Dana@Example.ORG", reason=SuppressionReason.HARD_BOUNCE)
    assert Suppression.objects.get().email == "dana@example.org"
    email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
    assert outbound_email_send(email_id=email.pk) is False


def test_a_suppressed_message_is_not_retried_by_the_sweep(candidate, recruiter):
    from outreach.mail.services import outbound_emails_sweep

    email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
    _prefs(candidate, unsubscribed_at=timezone.now())
    outbound_email_send(email_id=email.pk)
    assert outbound_emails_sweep(now=timezone.now() + dt.timedelta(hours=1)).requeued == []
