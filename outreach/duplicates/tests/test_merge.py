"""Merging moves every row that points at the merged-away candidate, whatever app made it."""
import datetime as dt

import pytest
from django.utils import timezone

from candidates.models import Candidate, CareerUpdate, StageChange
from candidates.services import candidate_update, career_update_record
from candidates.tests.factories import CandidateFactory, FeedbackFactory, InterviewFactory
from outreach.duplicates.models import CandidateMerge
from outreach.duplicates.relations import candidate_relations
from outreach.duplicates.services import MergeRefused, UndoRefused, candidates_merge, candidates_merge_undo
from outreach.events.models import Event, Invitation
from outreach.imports.models import ImportRow, ImportRun
from outreach.mail.models import EmailPreferences, InboundEmail, OutboundEmail
from outreach.mail.services import personal_email_queue
from outreach.models import CheckInSchedule, DigestLinkUse, TouchPoint
from outreach.newsletters.models import Newsletter, NewsletterClick
from outreach.privacy.models import DataRequest, Erasure, RetentionReview
from outreach.segments.models import Segment
from outreach.sequences.models import Enrolment, Sequence
from outreach.services import touch_point_log
from outreach.signals.models import Signal
from outreach.watch.models import Feed

pytestmark = pytest.mark.django_db


def _history_of(candidate, recruiter, *, batch: str):
    """One row in every table that points at a candidate (the test below checks none is missing)."""
    interview = InterviewFactory(candidate=candidate)
    FeedbackFactory(interview=interview, author=recruiter)
    touch_point_log(candidate=candidate, kind="email", occurred_at=timezone.now() - dt.timedelta(days=1),
                    author=recruiter, summary=f"Coffee with {candidate.full_name}")
    career_update_record(candidate=candidate, company="Globex", title="Lead", recorded_by=recruiter)
    personal_email_queue(candidate=candidate, sender=recruiter, subject="Hi", body="Hello")
    copy = OutboundEmail.objects.create(candidate=candidate, sender=recruiter, kind="bulk", batch_key=batch,
                                        to_email=candidate.email, subject="News", topic="newsletter",
                                        message_id=f"<{batch}.{candidate.pk}@example.com>")
    segment, _ = Segment.objects.get_or_create(name="Everyone", owner=recruiter)
    newsletter, _ = Newsletter.objects.get_or_create(subject="News", segment=segment, author=recruiter,
                                                     defaults={"body": "Hello"})
    event, _ = Event.objects.get_or_create(
        title="Happy hour", address="The Crown", created_by=recruiter,
        defaults={"starts_at": timezone.now() + dt.timedelta(days=7),
                  "ends_at": timezone.now() + dt.timedelta(days=7, hours=3)})
    Invitation.objects.create(event=event, candidate=candidate, invited_by=recruiter)  # one per event: a clash
    NewsletterClick.objects.create(newsletter=newsletter, email=copy, candidate=candidate, link=0,
                                   url="https://example.com/")
    EmailPreferences.objects.get_or_create(candidate=candidate)
    run = ImportRun.objects.create(created_by=recruiter, filename="x.csv")
    ImportRow.objects.create(run=run, row_number=2, action="create", candidate=candidate)
    CandidateMerge.objects.create(survivor=candidate, loser_id=999_999, loser_name="Older duplicate")
    DataRequest.objects.create(candidate=candidate, kind="access", received_on=timezone.localdate())
    RetentionReview.objects.create(candidate=candidate, reason="No touch", flagged_on=timezone.localdate(),
                                   erase_on=timezone.localdate())
    # The record of an erasure (the candidates here are not erased: only the row is made).
    Erasure.objects.create(candidate=candidate, erased_at=timezone.now(), via="request")
    InboundEmail.objects.create(source="imap", message_id=f"<reply.{candidate.pk}@example.com>", kind="reply",
                                from_email=candidate.email, candidate=candidate)
    # The same sequence for both: one enrolment per candidate and sequence, so the merge clashes.
    sequence, _ = Sequence.objects.get_or_create(name="Warm follow-up", owner=recruiter)
    Enrolment.objects.create(sequence=sequence, candidate=candidate, enrolled_by=recruiter, next_step_at=timezone.now())
    DigestLinkUse.objects.create(link_hash=f"{batch}-{candidate.pk}".ljust(64, "0"), user=recruiter,
                                 candidate=candidate, action="logged")
    Feed.objects.create(candidate=candidate, url=f"https://blog.example.com/{candidate.pk}.atom", followed_by=recruiter)
    # The same signal for both (one per candidate, kind and subject), so the merge clashes.
    Signal.objects.create(candidate=candidate, kind="follow_up_due", subject="follow_up:2026-03-01", score=45,
                          reason="Follow up on 1 Mar.", detected_at=timezone.now(), refreshed_at=timezone.now())


@pytest.fixture
def pair(recruiter):
    survivor = CandidateFactory(owner=recruiter, full_name="Ada Lovelace", email="ada@example.com", phone="")
    loser = CandidateFactory(owner=recruiter, full_name="Ada King", email="ada.king@example.com", phone="+44 1")
    _history_of(survivor, recruiter, batch="newsletter-1")
    _history_of(loser, recruiter, batch="newsletter-1")  # the same newsletter reached both: a clash
    return survivor, loser


def test_every_table_pointing_at_a_candidate_is_covered_by_this_test(pair):
    # A new app with a key to Candidate fails here until _history_of makes a row of it, so
    # the merge test below proves that app's rows move too.
    _, loser = pair
    missing = [relation.label for relation in candidate_relations() if not relation.rows_of(loser.pk).exists()]
    assert missing == []


def test_a_merge_leaves_nothing_pointing_at_the_loser_and_keeps_the_survivors_row_on_a_clash(pair, manager):
    survivor, loser = pair
    before = {relation.label: relation.rows_of(survivor.pk).count() for relation in candidate_relations()}
    merge = candidates_merge(survivor=survivor, loser=loser, values={"phone": "+44 1", "email": loser.email},
                             merged_by=manager)
    assert not Candidate.objects.filter(pk=loser.pk).exists()
    for relation in candidate_relations():
        assert not relation.rows_of(loser.pk).exists(), f"{relation.label} still points at the loser"
    after = {relation.label: relation.rows_of(survivor.pk).count() for relation in candidate_relations()}
    # One per candidate (schedule, preferences) and one per newsletter batch: the survivor's stays.
    assert after["outreach.checkinschedule"] == after["mail.emailpreferences"] == 1
    assert after["mail.outboundemail"] == before["mail.outboundemail"] + 1  # the personal one moved
    assert after["outreach.touchpoint"] == before["outreach.touchpoint"] + 1
    assert after["candidates.interview"] == before["candidates.interview"] + 1
    assert after["imports.importrow"] == before["imports.importrow"]  # detached, not moved
    survivor.refresh_from_db()
    assert (survivor.phone, survivor.email) == ("+44 1", "ada.king@example.com")
    assert {row["model"] for row in merge.dropped} >= {"outreach.checkinschedule", "mail.emailpreferences",
                                                       "mail.outboundemail"}
    reasons = list(Candidate.history.filter(id__in=[survivor.pk, loser.pk]).values_list("history_change_reason",
                                                                                         flat=True))
    assert f"Merged with #{loser.pk} (Ada King)" in reasons and f"Merged into #{survivor.pk}" in reasons


def test_undo_brings_the_loser_back_with_its_rows_and_the_survivors_values(pair, manager):
    survivor, loser = pair
    counts = {relation.label: (relation.rows_of(survivor.pk).count(), relation.rows_of(loser.pk).count())
              for relation in candidate_relations()}
    merge = candidates_merge(survivor=survivor, loser=loser, values={"phone": "+44 1", "email": loser.email},
                             merged_by=manager)
    restored = candidates_merge_undo(merge=merge, undone_by=manager)
    assert (restored.pk, restored.email, restored.phone) == (loser.pk, "ada.king@example.com", "+44 1")
    survivor.refresh_from_db()
    assert (survivor.email, survivor.phone) == ("ada@example.com", "")
    # Everything is where it was; the survivor only has the (undone) merge's own record more.
    counts["duplicates.candidatemerge"] = (counts["duplicates.candidatemerge"][0] + 1, 1)
    assert counts == {relation.label: (relation.rows_of(survivor.pk).count(), relation.rows_of(loser.pk).count())
                      for relation in candidate_relations()}
    with pytest.raises(UndoRefused):
        candidates_merge_undo(merge=merge, undone_by=manager)


def test_a_candidate_cannot_be_merged_with_themself(pair, manager):
    with pytest.raises(MergeRefused):
        candidates_merge(survivor=pair[0], loser=pair[0], values={}, merged_by=manager)


def test_a_merge_with_nothing_to_change_still_moves_and_records(recruiter, manager):
    survivor = CandidateFactory(owner=recruiter)
    loser = CandidateFactory(owner=recruiter)
    candidate_update(candidate=loser, changed_by=recruiter, stage="nurturing")
    merge = candidates_merge(survivor=survivor, loser=loser, values={}, merged_by=manager)
    assert StageChange.objects.filter(candidate=survivor).count() == 3
    assert merge.moved_count == 2  # the two stage changes; the loser's schedule gave way to the survivor's
    assert CheckInSchedule.objects.filter(candidate=survivor).count() == 1
    assert not CareerUpdate.objects.filter(candidate_id=loser.pk).exists()
    assert not TouchPoint.objects.filter(candidate_id=loser.pk).exists()
