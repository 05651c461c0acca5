"""A real Celery worker, a real Redis broker, a real database: the digest email arrives, once.

Needs REDIS_URL. Without it the test is skipped with the reason, except in CI
(CI=true), where a missing or unreachable Redis fails the run instead of
silently testing less.
"""
import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory
from outreach.digests.services import digests_queue
from outreach.models import CheckInSchedule, Digest, DigestStatus
from outreach.tests.workers import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_sends_the_queued_digest_email_once(recruiter, real_worker):
    now = timezone.now()
    # Make this hour Rita's digest hour, whatever the clock says.
    recruiter.profile.timezone = "UTC"
    recruiter.profile.digest_hour = now.hour
    recruiter.profile.digest_weekdays = list(range(7))
    recruiter.profile.save()
    candidate = CandidateFactory(owner=recruiter, tier=Tier.TOP, full_name="Wanda Worker")
    CheckInSchedule.objects.filter(candidate=candidate).update(next_due_at=now - dt.timedelta(days=3))

    (queued,) = digests_queue()  # commits, then publishes send_digest to Redis
    digests_queue()  # the same hour again: nothing new

    assert wait_for(lambda: Digest.objects.get(pk=queued.digest.pk).status == DigestStatus.SENT), (
        "the worker did not send the digest within 30 s"
    )
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["rita@example.com"]
    assert email.subject == "1 check-in overdue"
    assert "Wanda Worker" in email.body and "3 days overdue" in email.body

    # A duplicate message for the same digest (a redelivery) reaches the worker and sends nothing.
    from outreach.digests.tasks import send_digest

    duplicate = send_digest.delay(queued.digest.pk)
    assert wait_for(lambda: duplicate.id in real_worker), "the worker did not run the duplicate within 30 s"
    assert real_worker[duplicate.id] is False  # it found the digest already sent
    assert len(mail.outbox) == 1
    assert Digest.objects.count() == 1
