"""Fixtures for events: the mail channel's real SMTP sink and clean rate limits, a site address."""
import pytest
from django.core.cache import cache

from outreach.mail.sending import _drop_connection
from outreach.mail.tests.smtp_server import SmtpSink


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://crm.example.com"
    settings.MAIL_FROM_ADDRESS = "nurture@mail.example.com"
    settings.MAIL_MESSAGE_ID_DOMAIN = "mail.example.com"
    settings.MAIL_LIST_ID_DOMAIN = "mail.example.com"


@pytest.fixture
def smtp(settings):
    """A live aiosmtpd server on 127.0.0.1, and Django pointed at it over real SMTP."""
    with SmtpSink() as sink:
        for name, value in sink.django_settings().items():
            setattr(settings, name, value)
        yield sink
    _drop_connection()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()
