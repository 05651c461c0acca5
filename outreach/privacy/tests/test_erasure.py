"""Erasing a candidate leaves nothing of them anywhere, keeps the team's figures, and sticks."""
import pytest
from django.db import connection
from django.utils import timezone

from candidates.models import Interview, StageChange
from outreach.duplicates.relations import candidate_relations
from outreach.mail.choices import MailStatus, SuppressionReason
from outreach.mail.models import Suppression
from outreach.mail.suppression import address_suppression, erased_key, suppression_reason
from outreach.models import TouchPoint
from outreach.privacy.erasure import ERASED_NAME, ErasureRefused, blanked_fields, candidate_erase, reachable_tables
from outreach.privacy.models import DataRequest, Erasure, RetentionReview
from outreach.sequences.models import Enrolment

from .people import EMAIL, MARK, marked_candidate, marked_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def zoe(recruiter, admin_user):
    candidate = marked_candidate(recruiter)
    marked_history(candidate, recruiter, admin_user)
    return candidate


@pytest.fixture
def erasure_request(zoe):
    return DataRequest.objects.create(candidate=zoe, kind="erasure", received_on=timezone.localdate(),
                                      notes="Zoë Qx7 wrote to privacy@")


def _columns_holding(text: str) -> list[str]:
    """Every text, varchar and json column of every table in the database that contains `text`."""
    with connection.cursor() as cursor:
        cursor.execute("""SELECT table_name, column_name FROM information_schema.columns
                          WHERE table_schema = current_schema()
                            AND data_type IN ('text', 'character varying', 'jsonb', 'json')""")
        columns = cursor.fetchall()
        found = []
        for table, column in columns:
            cursor.execute(f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s', [f"%{text}%"])
            if cursor.fetchone()[0]:
                found.append(f"{table}.{column}")
    return found


def test_the_fixture_reaches_every_table_that_points_at_a_candidate(zoe):
    # A new app with a key to Candidate fails here until people.marked_history makes a marked row
    # of it, so the test below proves its text is erased too.
    missing = [relation.label for relation in candidate_relations() if not relation.rows_of(zoe.pk).exists()]
    assert missing == ["privacy.erasure"]  # the erasure's own record


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's information_schema")
def test_after_an_erasure_nothing_personal_is_left_in_any_column_of_any_table(zoe, erasure_request, admin_user):
    assert len(_columns_holding(MARK)) > 30  # the search sees the marked rows before
    candidate_erase(candidate=zoe, request=erasure_request, by=admin_user)
    assert _columns_holding(MARK) == []
    assert _columns_holding("quinn-mail") == []  # the address, in any form
    assert _columns_holding("Zoë") == []


def test_the_row_stays_anonymised_so_the_figures_still_add_up(zoe, erasure_request, admin_user):
    counts = {label: (model.objects.filter(candidate=zoe).count())
              for label, model in (("touch", TouchPoint), ("interview", Interview), ("stage", StageChange))}
    erasure = candidate_erase(candidate=zoe, request=erasure_request, by=admin_user)
    zoe.refresh_from_db()
    assert (zoe.full_name, zoe.email, zoe.phone, zoe.linkedin_url, zoe.headline) == (
        ERASED_NAME, f"erased-{zoe.pk}@erased.invalid", "", "", "")
    assert (zoe.stage, zoe.tier, zoe.got_away_reason, zoe.do_not_contact) == ("got_away", 2, "declined_offer", True)
    assert counts == {label: model.objects.filter(candidate=zoe).count()
                      for label, model in (("touch", TouchPoint), ("interview", Interview),
                                           ("stage", StageChange))}
    assert erasure.counts["Touch points"] == 1 and erasure.counts["Feedback"] == 1
    assert erasure.counts["Mail events"] == 1 and erasure.counts["Outbound emails"] == 3
    assert not RetentionReview.objects.filter(candidate=zoe).exists()
    # The change history is gone but for the one row saying it was erased, with nothing in it.
    history = list(zoe.history.values_list("history_change_reason", "full_name"))
    assert history == [("Erased at the candidate's request", ERASED_NAME)]
    assert Enrolment.objects.get(candidate=zoe).status == "stopped"


def test_the_request_is_completed_and_says_what_was_done(zoe, erasure_request, admin_user):
    erasure = candidate_erase(candidate=zoe, request=erasure_request, by=admin_user)
    erasure_request.refresh_from_db()
    assert erasure_request.completed_on == timezone.localdate()
    assert erasure_request.notes.startswith(f"Erased on {timezone.localdate():%d %b %Y} by Ada Admin: ")
    assert (erasure.erased_by, erasure.via, erasure.request) == (admin_user, "request", erasure_request)
    # A second time changes nothing and erases nothing more.
    assert candidate_erase(candidate=zoe, request=erasure_request, by=admin_user) == erasure
    assert Erasure.objects.count() == 1


def test_the_address_stays_suppressed_only_as_a_keyed_hash(zoe, erasure_request, admin_user):
    candidate_erase(candidate=zoe, request=erasure_request, by=admin_user)
    assert list(Suppression.objects.values_list("email", "reason")) == [(erased_key(EMAIL), "erased")]
    assert erased_key(EMAIL) != erased_key("someone.else@quinn-mail.test")
    assert erased_key(" Zoe.QX7@Quinn-Mail.test ".replace("Zoe", "zoe")) == erased_key(EMAIL)  # normalised
    # Whoever is added again with the address is never written to: checked at send time.
    again = marked_candidate(zoe.owner, name="Z. Quinn")
    assert address_suppression(again.email).reason == SuppressionReason.ERASED
    reason = suppression_reason(candidate=again, kind="personal", topic="", preferences=None, to_email=again.email,
                                now=timezone.now())
    assert reason == SuppressionReason.ERASED


def test_an_email_still_queued_is_not_sent(zoe, recruiter, admin_user):
    from outreach.mail.services import personal_email_queue

    queued = personal_email_queue(candidate=zoe, sender=recruiter, subject="Later", body="Hello")
    candidate_erase(candidate=zoe, request=None, by=admin_user)
    queued.refresh_from_db()
    assert (queued.status, queued.suppressed_reason, queued.subject, queued.to_email) == (
        MailStatus.SUPPRESSED, SuppressionReason.ERASED, "", "")


def test_only_an_erasure_request_about_this_candidate_erases(zoe, recruiter, admin_user):
    access = DataRequest.objects.create(candidate=zoe, kind="access", received_on=timezone.localdate())
    other = DataRequest.objects.create(candidate=marked_candidate(recruiter, name="Someone", email="s@example.com"),
                                       kind="erasure", received_on=timezone.localdate())
    for request in (access, other):
        with pytest.raises(ErasureRefused):
            candidate_erase(candidate=zoe, request=request, by=admin_user)
    zoe.refresh_from_db()
    assert zoe.full_name != ERASED_NAME and not Erasure.objects.exists()


def test_what_an_erasure_keeps_is_exactly_this_list():
    """Free text an erasure leaves in place, per table: machinery only. A new kept column shows up here."""
    kept = {}
    for _depth, model, _key in reachable_tables():
        blanked, rotated, rehashed = blanked_fields(model)
        texts = {f.attname for f in model._meta.concrete_fields
                 if f.get_internal_type() in ("CharField", "TextField", "JSONField", "BinaryField") and not f.choices}
        left = texts - set(blanked) - set(rotated) - set(rehashed)
        if left:
            kept[model._meta.label_lower] = left
    assert kept == {
        "mail.outboundemail": {"batch_key", "message_id", "provider_message_id", "in_reply_to", "references",
                               "calendar_method"},
        "mail.inboundemail": {"source", "in_reply_to"},
        "mail.emailpreferences": {"unsubscribed_topics"},
        "mail.mailevent": {"provider"},
        "newsletters.newsletterclick": {"url"},
        "duplicates.candidatemerge": {"moved"},
        "privacy.erasure": {"counts"},
        "outreach.digestlinkuse": {"link_hash"},  # a hash of a used digest link
        # Deleted, not blanked (Feed.erasure_deletes): the whole row goes.
        "watch.feed": {"url"},
        "watch.feeditem": {"guid"},
        "signals.signal": {"subject"},  # deleted too (Signal.erasure_deletes)
    }


def test_an_erased_candidate_cannot_be_merged(zoe, recruiter, manager, admin_user):
    from outreach.duplicates.services import MergeRefused, candidates_merge

    candidate_erase(candidate=zoe, request=None, by=admin_user)
    other = marked_candidate(recruiter, name="Zoe Quinn", email="zq@example.com")
    for survivor, loser in ((zoe, other), (other, zoe)):
        with pytest.raises(MergeRefused, match="erased candidate cannot be merged"):
            candidates_merge(survivor=survivor, loser=loser, values={}, merged_by=manager)
