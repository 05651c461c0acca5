"""Fixtures for digests: the mail channel's real SMTP sink, for the emails sent over SMTP."""
from outreach.mail.tests.conftest import smtp  # noqa: F401 - the fixture
