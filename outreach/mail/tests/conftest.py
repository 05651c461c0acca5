"""Fixtures for candidate email: a candidate to write to, and a real SMTP server on 127.0.0.1."""
import pytest
from django.core.cache import cache

from candidates.tests.factories import CandidateFactory
from outreach.mail.sending import _drop_connection

from .smtp_server import SmtpSink


@pytest.fixture
def candidate(recruiter):
    return CandidateFactory(owner=recruiter, full_name="Dana Scott", email="dana@example.org",
                            current_company="Globex", current_title="Staff Engineer")


@pytest.fixture
def smtp(settings):
    """A live aiosmtpd server, and Django pointed at it over real SMTP."""
    with SmtpSink() as sink:
        for name, value in sink.django_settings().items():
            setattr(settings, name, value)
        yield sink
    # The sender keeps its connection open between messages; this server is gone now.
    _drop_connection()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # The public links' rate limiter counts in the cache; each test starts with a clean slate.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def dovecot_server():
    """One Dovecot for the session (starting one takes a moment); tests empty its folders themselves."""
    from outreach.tests.workers import require

    from .imap_server import DovecotServer, dovecot_problem

    require(dovecot_problem())
    with DovecotServer() as server:
        yield server


@pytest.fixture
def imap(dovecot_server, settings):
    """The session's Dovecot, emptied, with Django's reply mailbox settings pointed at it."""
    for name, value in dovecot_server.django_settings().items():
        setattr(settings, name, value)
    settings.MAIL_REPLY_MAILBOX = "replies@nurture.test"
    with dovecot_server.mailbox() as box:
        for folder in ("INBOX", "Processed"):
            if box.folder.exists(folder):
                box.folder.set(folder)
                uids = box.uids()
                if uids:
                    box.delete(uids)
    return dovecot_server
