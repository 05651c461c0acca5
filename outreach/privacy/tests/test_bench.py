"""The privacy benchmark (bench/privacy.py) on a small run, so it cannot rot between real runs."""
import pytest

from bench.privacy import erasure_bench, retention_bench
from candidates.services import recruiter_create
from candidates.tests.factories import CandidateFactory
from outreach.privacy.models import Erasure, RetentionReview, RetentionSettings

pytestmark = pytest.mark.django_db


def test_the_privacy_benchmark_times_the_review_and_one_erasure_and_switches_the_rule_back_off():
    recruiter = recruiter_create(username="gen-recruiter-001", email="gen1@example.invalid", password="pw-gen-12345")
    CandidateFactory.create_batch(3, owner=recruiter, is_generated=True)
    result = retention_bench()
    assert (result["candidates"], result["flagged"]) == (3, 3) and result["seconds"] > 0
    assert RetentionSettings.current().enabled is False and not RetentionReview.objects.exists()
    erased = erasure_bench()
    assert erased["seconds"] > 0 and erased["records"] >= 2 and Erasure.objects.count() == 1
