"""The sequences benchmark (bench/sequences.py) on a small run, so it cannot rot between real runs."""
import pytest

from candidates.tests.factories import CandidateFactory
from outreach.mail.models import InboundEmail, OutboundEmail
from outreach.mail.tests.imap_server import dovecot_problem
from outreach.sequences.models import Enrolment, Sequence
from outreach.tests.workers import require

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_sequences_benchmark_moves_the_due_imports_the_replies_and_cleans_up(recruiter):
    from bench.sequences import sequence_budgets, sequences_run

    require(dovecot_problem())
    for n in range(30):
        CandidateFactory(owner=recruiter, email=f"bench-{n}@example.org", is_generated=True)
    result = sequences_run(enrolments=30, due=20, replies=5)
    assert (result["enrolled"], result["moved"], result["written"]) == (30, 20, 5)
    assert result["imported"] == 5 and result["stopped"] == 5 and result["forwards_queued"] == 5
    assert [check["ok"] for check in sequence_budgets(result)] == [True, True]
    assert not Enrolment.objects.exists() and not Sequence.objects.exists()
    assert not OutboundEmail.objects.exists() and not InboundEmail.objects.exists()
