"""The daily retention job, published by name through Redis and run by a real worker."""
import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from candidates.tests.factories import CandidateFactory
from outreach.beat_schedule import JOBS
from outreach.privacy.models import RetentionReview, RetentionRun, RetentionSettings
from outreach.tests.workers import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_beat_job_runs_the_review_on_a_worker_and_writes_the_days_report(recruiter, real_worker):
    from nurture.celery import app

    job = JOBS["Retention review"]
    assert (job["task"], job["crontab"]) == ("privacy.retention_review", {"minute": "40", "hour": "3"})
    RetentionSettings.objects.update_or_create(pk=1, defaults={"enabled": True, "months_without_touch": 36})
    with time_machine.travel(dt.datetime(2021, 5, 1, tzinfo=dt.UTC), tick=False):
        old = CandidateFactory(owner=recruiter, full_name="Long Gone")
    CandidateFactory(owner=recruiter, full_name="Just Added")
    result = app.send_task(job["task"])
    assert wait_for(lambda: result.id in real_worker), "the worker did not run the job within 30 s"
    assert real_worker[result.id] == {"ran_on": str(timezone.localdate()), "flagged": 1, "erased": 0, "kept": 0}
    assert list(RetentionReview.objects.values_list("candidate", flat=True)) == [old.pk]
    assert RetentionRun.objects.get().flagged == 1
