"""Two invitees answering "Going" for the last place at the same moment, on two PostgreSQL connections."""
import threading
import time

import pytest
from django.db import connection, transaction

from candidates.tests.factories import CandidateFactory
from outreach.events.choices import Answer
from outreach.events.models import Invitation
from outreach.events.services import rsvp_answer

from .factories import EventFactory

HOLD_SECONDS = 0.5


@pytest.mark.django_db(transaction=True)
def test_exactly_one_gets_the_last_place_and_the_other_is_waitlisted(recruiter):
    if connection.vendor != "postgresql":
        pytest.fail("The race is about PostgreSQL's row locks: run with DATABASE_URL pointing at PostgreSQL.")
    event = EventFactory(created_by=recruiter, capacity=1)
    first, second = (Invitation.objects.create(event=event, candidate=CandidateFactory(owner=recruiter),
                                               invited_by=recruiter) for _ in range(2))
    answers, waited = {}, {}
    first_answered = threading.Event()

    def answer_and_hold():
        # The first answer holds its transaction open a moment, as a slow request would.
        try:
            with transaction.atomic():
                answers["first"] = rsvp_answer(invitation=first, answer=Answer.GOING).answer
                first_answered.set()
                time.sleep(HOLD_SECONDS)
        finally:
            connection.close()

    def answer_meanwhile():
        try:
            first_answered.wait(5)
            started = time.monotonic()
            answers["second"] = rsvp_answer(invitation=second, answer=Answer.GOING).answer
            waited["second"] = time.monotonic() - started
        finally:
            connection.close()

    threads = [threading.Thread(target=answer_and_hold), threading.Thread(target=answer_meanwhile)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert answers == {"first": Answer.GOING, "second": Answer.WAITLISTED}
    # The second really did answer at the same moment: it waited on the event's row lock.
    assert waited["second"] >= HOLD_SECONDS * 0.8
    assert event.invitations.going().count() == 1 and event.invitations.waitlist().count() == 1


@pytest.mark.django_db(transaction=True)
def test_many_at_once_never_overfill(recruiter):
    event = EventFactory(created_by=recruiter, capacity=2)
    invitations = [Invitation.objects.create(event=event, candidate=CandidateFactory(owner=recruiter),
                                             invited_by=recruiter) for _ in range(6)]
    start = threading.Barrier(len(invitations))

    def answer(invitation):
        try:
            start.wait(5)
            rsvp_answer(invitation=invitation, answer=Answer.GOING)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=(i,)) for i in invitations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert event.invitations.going().count() == 2 and event.invitations.waitlist().count() == 4
