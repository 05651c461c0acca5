"""Fixtures for newsletters: mail's real SMTP sink, a segment with candidates, an issue ready to send."""
import pytest

from candidates.tests.factories import CandidateFactory
from outreach.mail.tests.conftest import _fresh_rate_limits, smtp  # noqa: F401 - fixtures used here
from outreach.segments.tests.factories import SegmentFactory

from .factories import NewsletterFactory


@pytest.fixture
def segment(recruiter):
    # "Top tier": every candidate below is top tier unless a test says otherwise.
    return SegmentFactory(owner=recruiter, name="Top tier", tiers=[1])


@pytest.fixture
def pool(recruiter):
    """Three top-tier candidates the segment matches, and one it does not."""
    people = [CandidateFactory(owner=recruiter, tier=1, full_name=name, email=f"{name.split()[0].lower()}@example.org",
                               current_company="Globex")
              for name in ("Ada Lovelace", "Grace Hopper", "Alan Turing")]
    CandidateFactory(owner=recruiter, tier=3, full_name="Not In Segment", email="out@example.org")
    return people


@pytest.fixture
def newsletter(recruiter, segment):
    return NewsletterFactory(author=recruiter, segment=segment)
