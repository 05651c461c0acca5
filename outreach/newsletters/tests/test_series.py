"""Series: issues drafted ahead copying the last one, the owner reminded, unapproved issues skipped."""
import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from outreach.newsletters.choices import NewsletterStatus, SeriesFrequency, Weekday
from outreach.newsletters.digest import issues_to_approve
from outreach.newsletters.models import Newsletter, Series
from outreach.newsletters.series import newsletters_tick
from outreach.newsletters.services import newsletter_schedule

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def series(recruiter, segment):
    recruiter.profile.timezone = "Europe/Berlin"
    recruiter.profile.save()
    # Every 2 weeks on Thursday at 10:00 Berlin time, from Thursday 7 May 2026, drafted 3 days ahead.
    return Series.objects.create(name="Engineering update", owner=recruiter, segment=segment,
                                 frequency=SeriesFrequency.BIWEEKLY, weekday=Weekday.THURSDAY, hour=10,
                                 starts_on=dt.date(2026, 5, 7), draft_days_ahead=3)


def test_issue_times_fall_on_the_weekday_and_hour_every_two_weeks(series):
    after = dt.datetime(2026, 5, 1, tzinfo=BERLIN)
    times = series.issue_times(after=after, count=3)
    assert times == [dt.datetime(2026, 5, d, 10, tzinfo=BERLIN) for d in (7, 21)] + [
        dt.datetime(2026, 6, 4, 10, tzinfo=BERLIN)]


def test_a_draft_is_created_days_ahead_copying_the_last_issue_and_only_once(series, recruiter):
    Newsletter.objects.create(series=series, segment=series.segment, author=recruiter, subject="Issue 1",
                              body="Last time's layout", status=NewsletterStatus.SENT,
                              scheduled_for=dt.datetime(2026, 5, 7, 10, tzinfo=BERLIN))
    too_early = dt.datetime(2026, 5, 17, 9, tzinfo=BERLIN)
    assert newsletters_tick(now=too_early).drafted == []
    now = dt.datetime(2026, 5, 18, 11, tzinfo=BERLIN)
    [drafted] = newsletters_tick(now=now).drafted
    issue = Newsletter.objects.get(pk=drafted)
    assert (issue.status, issue.subject, issue.body) == (NewsletterStatus.DRAFT, "Issue 1", "Last time's layout")
    assert issue.scheduled_for == dt.datetime(2026, 5, 21, 10, tzinfo=BERLIN)
    assert newsletters_tick(now=now + dt.timedelta(hours=1)).drafted == []
    # The owner's digest reminds them to approve it.
    rows = issues_to_approve(recipients=[recruiter], now=now)
    assert "Engineering update" in rows[recruiter.pk][0]["text"]


def test_an_unapproved_issue_is_skipped_never_sent(series, pool):
    with time_machine.travel(dt.datetime(2026, 5, 4, 12, tzinfo=BERLIN), tick=False):
        [drafted] = newsletters_tick(now=timezone.now()).drafted
    result = newsletters_tick(now=dt.datetime(2026, 5, 7, 10, 1, tzinfo=BERLIN))
    assert result.skipped == 1 and result.started == []
    issue = Newsletter.objects.get(pk=drafted)
    assert issue.status == NewsletterStatus.SKIPPED
    assert not issue.recipients().exists()


def test_an_approved_issue_starts_at_its_time(series, pool, recruiter, django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2026, 5, 4, 12, tzinfo=BERLIN), tick=False):
        [drafted] = newsletters_tick(now=timezone.now()).drafted
        issue = Newsletter.objects.get(pk=drafted)
        newsletter_schedule(newsletter=issue, when=issue.scheduled_for, by=recruiter)
    with django_capture_on_commit_callbacks(execute=False):
        result = newsletters_tick(now=dt.datetime(2026, 5, 7, 10, 0, 30, tzinfo=BERLIN))
    assert result.started == [drafted]
    issue.refresh_from_db()
    assert issue.status == NewsletterStatus.SENDING
    assert issue.recipients().count() == 3
