"""Fixtures for events: the mail channel's real SMTP sink and clean rate limits, a site address."""
import pytest

# The mail channel's own fixtures: its real SMTP sink, and a clean rate-limit slate per test.
from outreach.mail.tests.conftest import _fresh_rate_limits, smtp  # noqa: F401


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://crm.example.com"
    settings.MAIL_FROM_ADDRESS = "nurture@mail.example.com"
    settings.MAIL_MESSAGE_ID_DOMAIN = "mail.example.com"
    settings.MAIL_LIST_ID_DOMAIN = "mail.example.com"

