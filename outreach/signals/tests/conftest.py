import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from candidates.choices import Currency, GotAwayReason
from candidates.tests.factories import CandidateFactory

from .factories import OpeningFactory

NOW = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def opening(frozen, manager):
    return OpeningFactory(hiring_manager=manager, created_by=manager)


@pytest.fixture
def ada(frozen, recruiter):
    """Got away over pay: asked £140k, interviewed for Staff Engineer."""
    return CandidateFactory(
        full_name="Ada Lovelace", owner=recruiter, got_away_reason=GotAwayReason.COMPENSATION_GAP,
        got_away_on=timezone.localdate() - dt.timedelta(days=200), expected_pay_currency=Currency.GBP,
        expected_pay=140_000, skills=["Python", "Django", "postgresql"], location="London",
    )
