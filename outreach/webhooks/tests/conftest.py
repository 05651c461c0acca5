"""Fixtures for webhooks: a real HTTP receiver on 127.0.0.1, an endpoint pointed at it, a candidate."""
import pytest

from candidates.tests.factories import CandidateFactory
from outreach.mail.tests.conftest import _fresh_rate_limits, smtp  # noqa: F401 - the mail channel's SMTP sink
from outreach.webhooks.models import EventType
from outreach.webhooks.services import webhook_endpoint_create

from .receiver import Receiver


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://crm.example.com"
    settings.WEBHOOK_TIMEOUT_SECONDS = 2


@pytest.fixture
def receiver():
    with Receiver() as live:
        yield live


@pytest.fixture
def candidate(recruiter):
    return CandidateFactory(owner=recruiter, full_name="Dana Scott", email="dana@example.org")


@pytest.fixture
def endpoint_and_secret(receiver, admin_user):
    return webhook_endpoint_create(url=receiver.url, events=[EventType.TOUCH_POINT_LOGGED, EventType.STAGE_CHANGED,
                                                             EventType.CANDIDATE_REPLIED],
                                   created_by=admin_user, description="Warehouse")


@pytest.fixture
def endpoint(endpoint_and_secret):
    return endpoint_and_secret[0]


@pytest.fixture
def secret(endpoint_and_secret):
    return endpoint_and_secret[1]
