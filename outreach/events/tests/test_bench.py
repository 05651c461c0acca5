"""The events benchmark (bench/events.py) on a small run, so it cannot rot between real runs."""
import pytest

from bench.events import events_run
from candidates.services import recruiter_create
from candidates.tests.factories import CandidateFactory
from outreach.events.models import Event, Invitation
from outreach.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_events_benchmark_invites_times_the_page_and_cleans_up():
    recruiter = recruiter_create(username="gen-recruiter-001", email="gen1@example.invalid", password="pw-gen-12345")
    CandidateFactory.create_batch(12, owner=recruiter, is_generated=True)
    CandidateFactory(owner=recruiter, is_generated=True, do_not_contact=True)
    result = events_run(invitees=10, requests=3)
    assert result["audience"] == result["invited"] == result["published"] == 10
    assert result["page_status"] == 200 and result["page_p95_ms"] > 0 and result["invitations_per_s"] > 0
    assert {"rate_met", "page_met", "page_queries"} <= set(result)
    assert not Event.objects.exists() and not Invitation.objects.exists() and not OutboundEmail.objects.exists()
