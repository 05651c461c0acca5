"""Sections other apps register go into the daily digest: with check-ins due, or on their own."""
import datetime as dt

import pytest
import time_machine
from django.core import mail

from candidates.tests.factories import CandidateFactory
from outreach.digests.registry import register_digest_section, unregister_digest_section
from outreach.digests.services import digests_queue
from outreach.models import Digest

pytestmark = pytest.mark.django_db
LONG_AGO = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
RITAS_HOUR = dt.datetime(2026, 3, 6, 8, 0, tzinfo=dt.UTC)  # 08:00 in London, a Friday


@pytest.fixture
def waiting(recruiter):
    """A section with one row for rita (and, once, a row for someone not being digested now)."""
    calls = []

    def builder(*, recipients, now):
        calls.append(sorted(r.username for r in recipients))
        return {recruiter.pk: [{"text": "Issue 7 of <Team news> needs your approval",
                                "url": "https://crm.example.com/newsletters/7/", "note": "goes out Tuesday"}],
                -1: [{"text": "nobody's"}]}

    register_digest_section("approvals", builder, title="Waiting for you",
                            summary=lambda rows: f"{len(rows)} newsletter issue{'s' if len(rows) != 1 else ''} "
                                                 "to approve")
    yield calls
    unregister_digest_section("approvals")


def _queue_at(moment):
    with time_machine.travel(moment, tick=False):
        return digests_queue()


def test_a_section_alone_still_brings_the_digest(recruiter, waiting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _queue_at(RITAS_HOUR)
    digest = Digest.objects.get(recipient=recruiter)
    assert digest.subject == "1 newsletter issue to approve"
    assert digest.content["items"] == [] and (digest.overdue_count, digest.due_today_count) == (0, 0)
    (email,) = mail.outbox
    assert email.subject == "1 newsletter issue to approve"
    assert "WAITING FOR YOU" in email.body
    assert "- Issue 7 of <Team news> needs your approval (goes out Tuesday)" in email.body
    assert "https://crm.example.com/newsletters/7/" in email.body
    assert "Top tier first" not in email.body
    html = email.alternatives[0][0]
    assert "Issue 7 of &lt;Team news&gt;" in html and "<Team news>" not in html
    assert 'href="https://crm.example.com/newsletters/7/"' in html
    assert waiting == [["rita"]]  # one call for everyone digested in this run


def test_a_section_follows_the_check_ins_and_joins_the_subject(recruiter, waiting, django_capture_on_commit_callbacks):
    with time_machine.travel(LONG_AGO, tick=False):
        CandidateFactory(owner=recruiter, full_name="Olga Overdue")
    with django_capture_on_commit_callbacks(execute=True):
        _queue_at(RITAS_HOUR)
    (email,) = mail.outbox
    assert email.subject == "1 check-in overdue; 1 newsletter issue to approve"
    assert email.body.index("Olga Overdue") < email.body.index("WAITING FOR YOU")


def test_nothing_due_and_no_rows_means_no_digest(recruiter):
    register_digest_section("empty", lambda *, recipients, now: {}, title="Nothing", summary=lambda rows: "never")
    try:
        assert _queue_at(RITAS_HOUR) == []
    finally:
        unregister_digest_section("empty")
    assert not Digest.objects.exists()
