"""Answers, the waitlist, attendance and reminders: what invitees, hosts and the cadence see."""
import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from candidates.models import Candidate
from candidates.tests.factories import CandidateFactory
from outreach.choices import Direction, TouchKind
from outreach.events.choices import Answer, Attendance
from outreach.events.models import Invitation
from outreach.events.services import (
    RsvpClosed,
    attendance_mark,
    event_cancel,
    invitations_send,
    reminders_queue,
    rsvp_answer,
    walk_in_add,
)
from outreach.mail.models import EmailPreferences, MailSettings, OutboundEmail
from outreach.models import CheckInSchedule, TouchPoint
from outreach.services import schedule_create

from .factories import EventFactory

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def people(recruiter):
    return [CandidateFactory(owner=recruiter, full_name=name, email=f"{name.split()[0].lower()}@example.org")
            for name in ("Ana Lima", "Ben Ode", "Cy Park")]


def _invite(event, people, recruiter):
    invitations_send(event=event, candidates=people, invited_by=recruiter)
    return [Invitation.objects.get(event=event, candidate=c) for c in people]


def test_past_capacity_going_joins_the_waitlist_in_order_and_the_first_moves_up_with_an_email(recruiter, people):
    event = EventFactory(created_by=recruiter, capacity=2)
    ana, ben, cy = _invite(event, people, recruiter)
    assert rsvp_answer(invitation=ana, answer=Answer.GOING).answer == Answer.GOING
    assert rsvp_answer(invitation=ben, answer=Answer.GOING).answer == Answer.GOING
    assert rsvp_answer(invitation=cy, answer=Answer.GOING).answer == Answer.WAITLISTED

    rsvp_answer(invitation=ana, answer=Answer.DECLINED)

    cy.refresh_from_db()
    assert cy.answer == Answer.GOING and cy.waitlisted_at is None
    promoted = OutboundEmail.objects.get(batch_key=f"event:{event.pk}:promoted")
    assert promoted.candidate == cy.candidate and promoted.subject.startswith("A place opened up")
    assert promoted.calendar_method == "REQUEST" and "PARTSTAT=ACCEPTED" in promoted.calendar_ics
    assert event.invitations.counts() | {} == {"invited": 3, "going": 2, "maybe": 0, "declined": 1, "waitlisted": 0,
                                               "no_answer": 0, "attended": 0, "no_show": 0}


def test_the_waitlist_moves_up_first_come_first_served(recruiter, people):
    event = EventFactory(created_by=recruiter, capacity=1)
    extra = CandidateFactory(owner=recruiter, email="dee@example.org")
    ana, ben, cy, dee = _invite(event, [*people, extra], recruiter)
    rsvp_answer(invitation=ana, answer=Answer.GOING)
    with time_machine.travel(timezone.now() - dt.timedelta(minutes=5)):
        rsvp_answer(invitation=cy, answer=Answer.GOING)  # waitlisted first
    rsvp_answer(invitation=ben, answer=Answer.GOING)
    rsvp_answer(invitation=dee, answer=Answer.GOING)
    rsvp_answer(invitation=ana, answer=Answer.MAYBE)
    assert Invitation.objects.get(pk=cy.pk).answer == Answer.GOING
    assert list(event.invitations.waitlist().values_list("pk", flat=True)) == [ben.pk, dee.pk]


def test_a_plus_one_takes_two_places(recruiter, people):
    event = EventFactory(created_by=recruiter, capacity=2, plus_one_allowed=True)
    ana, ben, _ = _invite(event, people, recruiter)
    assert rsvp_answer(invitation=ana, answer=Answer.GOING, plus_one=True).answer == Answer.GOING
    assert rsvp_answer(invitation=ben, answer=Answer.GOING).answer == Answer.WAITLISTED


def test_an_answer_is_an_inbound_touch_point_that_leaves_the_cadence_alone(recruiter, people):
    event = EventFactory(created_by=recruiter)
    ana = _invite(event, people[:1], recruiter)[0]
    schedule = schedule_create(candidate=ana.candidate)
    before = CheckInSchedule.objects.get(pk=schedule.pk).last_touch_at

    rsvp_answer(invitation=ana, answer=Answer.MAYBE)
    rsvp_answer(invitation=ana, answer=Answer.MAYBE)  # the same answer again: nothing new to record

    (touch,) = TouchPoint.objects.filter(candidate=ana.candidate)
    assert touch.kind == TouchKind.EVENT and touch.direction == Direction.INBOUND
    assert touch.summary == f"RSVP to {event.title}: Maybe"
    assert CheckInSchedule.objects.get(pk=schedule.pk).last_touch_at == before


def test_attending_resets_the_cadence_and_a_no_show_is_only_recorded(recruiter, people):
    event = EventFactory(created_by=recruiter)
    ana, ben, _ = _invite(event, people, recruiter)
    for invitation in (ana, ben):
        schedule_create(candidate=invitation.candidate)
    attendance_mark(invitation=ana, attendance=Attendance.ATTENDED, marked_by=recruiter)
    attendance_mark(invitation=ana, attendance=Attendance.ATTENDED, marked_by=recruiter)  # a second tap
    attendance_mark(invitation=ben, attendance=Attendance.NO_SHOW, marked_by=recruiter)

    (touch,) = TouchPoint.objects.filter(candidate=ana.candidate)
    assert touch.kind == TouchKind.EVENT and touch.summary == f"Attended {event.title}"
    assert CheckInSchedule.objects.get(candidate=ana.candidate).last_touch_at == touch.occurred_at
    assert not TouchPoint.objects.filter(candidate=ben.candidate).exists()
    assert CheckInSchedule.objects.get(candidate=ben.candidate).last_touch_at is None
    assert Invitation.objects.get(pk=ben.pk).attendance == Attendance.NO_SHOW


def test_a_walk_in_is_matched_by_email_or_created(recruiter, people):
    event = EventFactory(created_by=recruiter)
    invitation, created = walk_in_add(event=event, email="ANA@example.org", full_name="Ana", added_by=recruiter)
    assert not created and invitation.candidate == people[0] and invitation.walk_in
    assert invitation.attendance == Attendance.ATTENDED
    invitation, created = walk_in_add(event=event, email="zoe@example.org", full_name="Zoe Quinn", added_by=recruiter)
    assert created and Candidate.objects.get(email="zoe@example.org").full_name == "Zoe Quinn"
    assert invitation.answer == Answer.GOING and invitation.attendance == Attendance.ATTENDED


def test_answers_can_change_until_the_deadline_and_not_after(recruiter, people):
    now = timezone.now()
    event = EventFactory(created_by=recruiter, rsvp_deadline=now + dt.timedelta(days=1))
    ana = _invite(event, people[:1], recruiter)[0]
    rsvp_answer(invitation=ana, answer=Answer.GOING)
    rsvp_answer(invitation=ana, answer=Answer.DECLINED)
    with time_machine.travel(now + dt.timedelta(days=1, minutes=1)), pytest.raises(RsvpClosed):
        rsvp_answer(invitation=ana, answer=Answer.GOING)
    assert Invitation.objects.get(pk=ana.pk).answer == Answer.DECLINED


def test_suppression_the_events_topic_and_the_cap_apply_to_invitations_but_not_to_updates(recruiter, people):
    ana, ben, cy = people
    EmailPreferences.objects.create(candidate=ben, unsubscribed_topics=["events"])
    MailSettings.objects.update_or_create(pk=1, defaults={"contact_cap": 1})
    other = EventFactory(created_by=recruiter)
    invitations_send(event=other, candidates=[cy], invited_by=recruiter)  # cy is at the cap now
    event = EventFactory(created_by=recruiter)

    result = invitations_send(event=event, candidates=people, invited_by=recruiter, note="Hope you can come")

    assert [i.candidate for i in result.invited] == [ana]
    assert [c for c, _ in result.suppressed] == [ben] and result.over_cap == [cy]
    assert list(event.invitations.values_list("candidate", flat=True)) == [ana.pk]
    again = invitations_send(event=event, candidates=[ana], invited_by=recruiter)
    assert again.already_invited == 1 and not again.invited
    # Ana is at the cap after her invitation; the cancellation still reaches her.
    event_cancel(event=event, cancelled_by=recruiter)
    assert OutboundEmail.objects.filter(batch_key=f"event:{event.pk}:cancel", candidate=ana).exists()


def test_who_invited_whom_and_the_note_are_kept(recruiter, other_recruiter, people):
    event = EventFactory(created_by=recruiter)
    invitations_send(event=event, candidates=people[:1], invited_by=other_recruiter, note="Bring your *team*")
    invitation = Invitation.objects.get(event=event)
    assert invitation.invited_by == other_recruiter and invitation.note == "Bring your *team*"
    email = OutboundEmail.objects.get(candidate=people[0])
    assert email.sender == other_recruiter and "Bring your *team*" in email.body_text


def test_the_reminder_goes_once_to_everyone_going_the_day_before_from_ten_event_time(recruiter, people):
    starts = dt.datetime(2027, 6, 10, 18, tzinfo=LONDON)
    with time_machine.travel(dt.datetime(2027, 6, 1, tzinfo=dt.UTC)):
        event = EventFactory(created_by=recruiter, starts_at=starts, ends_at=starts + dt.timedelta(hours=3))
        cancelled = EventFactory(created_by=recruiter, starts_at=starts, ends_at=starts + dt.timedelta(hours=3))
        ana, ben, cy = _invite(event, people, recruiter)
        rsvp_answer(invitation=ana, answer=Answer.GOING)
        rsvp_answer(invitation=ben, answer=Answer.GOING)
        rsvp_answer(invitation=cy, answer=Answer.MAYBE)
        (c_ana,) = _invite(cancelled, people[:1], recruiter)
        rsvp_answer(invitation=c_ana, answer=Answer.GOING)
        event_cancel(event=cancelled, cancelled_by=recruiter)

    with time_machine.travel(dt.datetime(2027, 6, 9, 8, 30, tzinfo=LONDON)):
        assert reminders_queue() == 0  # too early in the day
    with time_machine.travel(dt.datetime(2027, 6, 9, 10, 7, tzinfo=LONDON)):
        assert reminders_queue() == 2
        assert reminders_queue() == 0  # the next hourly run adds no one twice
    with time_machine.travel(dt.datetime(2027, 6, 9, 11, 7, tzinfo=LONDON)):
        assert reminders_queue() == 0
    reminders = OutboundEmail.objects.filter(batch_key=f"event:{event.pk}:reminder")
    assert sorted(reminders.values_list("candidate__full_name", flat=True)) == ["Ana Lima", "Ben Ode"]
    assert reminders.first().subject == f"Tomorrow: {event.title}"
    assert not OutboundEmail.objects.filter(batch_key=f"event:{cancelled.pk}:reminder").exists()
