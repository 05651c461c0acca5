"""Contact pressure: bulk sends skip and report candidates at the team's cap; personal emails count too."""
import datetime as dt

import pytest
import time_machine

from candidates.tests.factories import CandidateFactory
from outreach.mail.choices import MailKind, MailStatus
from outreach.mail.models import MailSettings, OutboundEmail
from outreach.mail.pressure import contact_pressure
from outreach.mail.services import bulk_emails_queue, feedback_email_queue, personal_email_queue

from .factories import draft

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)


def _sent(candidate, recruiter, when, kind=MailKind.PERSONAL):
    with time_machine.travel(when, tick=False):
        if kind == MailKind.PERSONAL:
            email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
        else:
            email = bulk_emails_queue(kind=kind, candidates=[candidate], sender=recruiter, subject="News",
                                      body="News.", batch_key=f"{kind}:{when:%j}").queued[0]
    OutboundEmail.objects.filter(pk=email.pk).update(status=MailStatus.SENT, sent_at=when)
    return email


def test_the_warning_lists_what_went_out_in_the_window(candidate, recruiter):
    _sent(candidate, recruiter, dt.datetime(2026, 11, 12, 9, tzinfo=dt.UTC), MailKind.NEWSLETTER)
    _sent(candidate, recruiter, dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC))
    _sent(candidate, recruiter, dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC))  # outside the 30 days
    pressure = contact_pressure(candidate=candidate, now=NOW)
    assert pressure.count == 2 and not pressure.over_cap
    assert pressure.summary == "2 emails in the last 30 days: newsletter 12 Nov, personal email 20 Nov."


def test_a_bulk_send_skips_and_reports_candidates_at_the_cap(recruiter):
    busy, quiet = CandidateFactory(owner=recruiter), CandidateFactory(owner=recruiter)
    for day in (1, 5, 9, 13):
        _sent(busy, recruiter, dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC))
    with time_machine.travel(NOW, tick=False):
        result = bulk_emails_queue(kind=MailKind.NEWSLETTER, candidates=[busy, quiet], sender=recruiter,
                                   subject="News", body="News.", batch_key="news:nov")
    assert result.over_cap == [busy]
    assert [email.candidate for email in result.queued] == [quiet]


def test_failed_and_suppressed_emails_do_not_count_and_the_cap_is_a_team_setting(candidate, recruiter):
    for day in (1, 5, 9):
        email = _sent(candidate, recruiter, dt.datetime(2026, 11, day, 9, tzinfo=dt.UTC))
    OutboundEmail.objects.filter(pk=email.pk).update(status=MailStatus.FAILED)
    assert contact_pressure(candidate=candidate, now=NOW).count == 2
    MailSettings.objects.filter(pk=1).update(contact_cap=2, contact_window_days=60)
    pressure = contact_pressure(candidate=candidate, now=NOW)
    assert pressure.over_cap and pressure.window_days == 60


def test_queued_feedback_and_personal_emails_count_towards_the_cap(candidate, recruiter):
    from candidates.tests.factories import FeedbackFactory, InterviewFactory

    feedback = FeedbackFactory(interview=InterviewFactory(candidate=candidate))
    with time_machine.travel(NOW, tick=False):
        feedback_email_queue(feedback=feedback, sender=recruiter, **draft())
        personal_email_queue(candidate=candidate, sender=recruiter, **draft())
        assert contact_pressure(candidate=candidate, now=NOW).count == 2


def test_a_batch_adds_each_candidate_once_however_often_it_runs(recruiter, django_assert_max_num_queries):
    people = [CandidateFactory(owner=recruiter) for _ in range(30)]
    with django_assert_max_num_queries(12):  # reads for everyone at once, one insert per 500
        first = bulk_emails_queue(kind=MailKind.NEWSLETTER, candidates=people, sender=recruiter, subject="News",
                                  body="Hi {{ first_name }}", batch_key="news:1")
    again = bulk_emails_queue(kind=MailKind.NEWSLETTER, candidates=people, sender=recruiter, subject="News",
                              body="Hi {{ first_name }}", batch_key="news:1")
    assert len(first.queued) == 30 and again.queued == [] and again.already_queued == 30
    assert OutboundEmail.objects.count() == 30
