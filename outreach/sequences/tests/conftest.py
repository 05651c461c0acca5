"""Fixtures for sequences: a three-step sequence, a candidate to enrol, and the mail test servers."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from candidates.tests.factories import CandidateFactory
from outreach.mail.tests.conftest import _fresh_rate_limits, dovecot_server, imap, smtp  # noqa: F401
from outreach.sequences.services import sequence_create, step_add

LONDON = ZoneInfo("Europe/London")
# A Monday at 10:00 in London (GMT): inside the default 9-17 window.
MONDAY_10 = dt.datetime(2026, 11, 9, 10, 0, tzinfo=LONDON)


@pytest.fixture
def sequence(recruiter):
    seq = sequence_create(name="Warm follow-up", owner=recruiter)
    step_add(sequence=seq, kind="email", subject="Catching up, {{ first_name }}?",
             body="Hi {{ first_name }},\n\nHow is {{ company }} treating you?\n\n{{ recruiter_first_name }}")
    step_add(sequence=seq, kind="wait", wait_days=2)
    step_add(sequence=seq, kind="email", subject="Following up", body="Just bumping this, {{ first_name }}.",
             same_thread=True)
    return seq


@pytest.fixture
def candidate(recruiter):
    return CandidateFactory(owner=recruiter, full_name="Ada Lovelace", email="ada@example.org",
                            current_company="Analytical Engines")
