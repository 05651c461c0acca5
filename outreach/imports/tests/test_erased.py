"""Someone erased at their request is never imported again: the row is skipped with the reason."""
import pytest

from candidates.models import Candidate
from outreach.mail.choices import SuppressionReason
from outreach.mail.models import Suppression
from outreach.mail.suppression import erased_key

pytestmark = pytest.mark.django_db

CSV = ("Name,Email,Company\n"
       "Zoe Quinn, Zoe.Quinn@Example.com ,Globex\n"
       "Grace Hopper,grace@example.com,Navy\n")


@pytest.fixture
def erased_zoe(db):
    # What an erasure leaves behind (outreach/privacy): the address's keyed hash, never the address.
    return Suppression.objects.create(email=erased_key("zoe.quinn@example.com"), reason=SuppressionReason.ERASED)


def test_the_dry_run_and_the_import_skip_an_erased_address_with_the_reason(start_import, after_commit, erased_zoe):
    from outreach.imports.services import import_confirm

    run = start_import(CSV, email_policy="update")
    assert run.planned == {"create": 1, "update": 0, "skip": 1, "error": 0}
    assert after_commit(import_confirm, run)
    assert list(run.rows.values_list("row_number", "action", "reason")) == [
        (2, "skip", "skipped: erased at the candidate's request"), (3, "create", "")]
    assert not Candidate.objects.filter(email__iexact="zoe.quinn@example.com").exists()
    assert Candidate.objects.filter(email="grace@example.com").exists()


def test_a_plain_suppression_does_not_stop_an_import(start_import):
    # A bounced address is still a person we may keep a record of; only an erasure refuses the row.
    Suppression.objects.create(email="zoe.quinn@example.com", reason=SuppressionReason.HARD_BOUNCE)
    assert start_import(CSV).planned["create"] == 2
