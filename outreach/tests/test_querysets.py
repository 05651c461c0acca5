"""Reads over many schedules: each owner's most urgent check-ins, with the owner's totals."""
import datetime as dt

import pytest
from django.utils import timezone

from candidates.choices import Stage, Tier
from candidates.tests.factories import CandidateFactory
from outreach.models import CheckInSchedule

pytestmark = pytest.mark.django_db


def make(owner, name, *, due, **fields):
    candidate = CandidateFactory(owner=owner, full_name=name, **fields)
    CheckInSchedule.objects.filter(candidate=candidate).update(next_due_at=due)
    return candidate


def test_most_urgent_per_owner_keeps_each_owners_first_rows_and_whole_totals(recruiter, other_recruiter):
    now = timezone.now()
    make(recruiter, "Warm, long overdue", due=now - dt.timedelta(days=30), tier=Tier.WARM)
    make(recruiter, "Top, later today", due=now + dt.timedelta(hours=2), tier=Tier.TOP)
    make(recruiter, "Top, overdue", due=now - dt.timedelta(days=1), tier=Tier.TOP)
    make(recruiter, "Pool, overdue", due=now - dt.timedelta(days=3), tier=Tier.POOL)
    make(recruiter, "Not interested", due=now - dt.timedelta(days=9), tier=Tier.TOP, stage=Stage.NOT_INTERESTED)
    make(recruiter, "Next week", due=now + dt.timedelta(days=7), tier=Tier.TOP)
    make(other_recruiter, "Oscar's one", due=now - dt.timedelta(days=2), tier=Tier.POOL)

    rows = list(
        CheckInSchedule.objects.due_by(now + dt.timedelta(hours=12))
        .select_related("candidate")
        .most_urgent_per_owner(limit=2, now=now)
    )

    by_owner = {}
    for row in rows:  # rows come owner by owner, each owner's in check-in order
        by_owner.setdefault(row.candidate.owner_id, []).append((row.rank, row.candidate.full_name))
    assert by_owner == {
        recruiter.pk: [(1, "Top, overdue"), (2, "Top, later today")],
        other_recruiter.pk: [(1, "Oscar's one")],
    }
    assert [row.candidate.owner_id for row in rows] == sorted(row.candidate.owner_id for row in rows)
    totals = {row.candidate.owner_id: (row.owner_total, row.owner_overdue) for row in rows}
    # Four of rita's are active and due within the window, three of them by now; limit or not.
    assert totals == {recruiter.pk: (4, 3), other_recruiter.pk: (1, 1)}
