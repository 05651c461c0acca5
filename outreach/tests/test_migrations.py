"""Data steps of the outreach migrations, run on rows made by today's code."""
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory
from outreach.models import CheckInSchedule

pytestmark = pytest.mark.django_db

owner_and_tier = importlib.import_module("outreach.migrations.0006_schedule_owner_tier")


def test_the_backfill_copies_each_candidates_owner_and_tier_onto_its_schedule(recruiter, other_recruiter):
    top = CandidateFactory(owner=recruiter, tier=Tier.TOP)
    pool = CandidateFactory(owner=other_recruiter, tier=Tier.POOL)
    # Copies as stale as they can be: someone else's, the wrong tier.
    CheckInSchedule.objects.update(owner=other_recruiter, tier=Tier.WARM)

    owner_and_tier.copy_from_candidates(apps, SimpleNamespace(connection=connection))

    copies = dict(CheckInSchedule.objects.values_list("candidate_id", "owner_id"))
    tiers = dict(CheckInSchedule.objects.values_list("candidate_id", "tier"))
    assert copies == {top.pk: recruiter.pk, pool.pk: other_recruiter.pk}
    assert tiers == {top.pk: Tier.TOP, pool.pk: Tier.POOL}
