"""Fixtures for career watch: the local feed server, and a top-tier candidate to follow."""
import pytest

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory

from .feed_server import FeedServer


@pytest.fixture
def feed_server():
    with FeedServer() as server:
        yield server


@pytest.fixture
def ada(recruiter):
    return CandidateFactory(owner=recruiter, tier=Tier.TOP, full_name="Ada Lovelace")
