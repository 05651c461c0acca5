"""Every write of events: create, change, cancel, invite, answer, move up the waitlist, check in, remind.

Each service owns its transaction. Answers lock the event row first (SELECT ... FOR UPDATE),
so two invitees answering "Going" for the last place at the same moment are served one after
the other: the first gets the place, the second lands on the waitlist.
"""
import dataclasses
import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from candidates.choices import Source
from candidates.models import Candidate
from candidates.services import candidate_create
from outreach.choices import Direction, TouchKind
from outreach.mail.choices import MailKind
from outreach.mail.services import bulk_emails_queue
from outreach.services import touch_point_log

from .choices import STILL_INTERESTED, Answer, Attendance, EventStatus
from .emails import CANCELLATION, INVITATION, PROMOTED, REMINDER, UPDATE, Letter, letter_fields, letter_subject
from .models import CalendarFeed, Event, Invitation

User = get_user_model()

# Changing one of these is news for invitees: their calendars get an update (SEQUENCE + 1).
NEWSWORTHY = ("starts_at", "ends_at", "timezone", "address", "online_url", "title")
# The reminder goes out from this hour, event time, on the day before.
REMINDER_HOUR = 10


class RsvpClosed(Exception):
    """The event is cancelled, or its RSVP deadline has passed."""


@dataclasses.dataclass
class InviteResult:
    invited: list[Invitation] = dataclasses.field(default_factory=list)
    already_invited: int = 0
    suppressed: list[tuple[Candidate, str]] = dataclasses.field(default_factory=list)
    over_cap: list[Candidate] = dataclasses.field(default_factory=list)


def _send(letter: Letter, *, event: Event, invitations: list[Invitation], batch_key: str, sender: User,
          now: dt.datetime, follow_up: bool = True, note: str = ""):
    by_candidate = {invitation.candidate_id: invitation for invitation in invitations}
    return bulk_emails_queue(
        kind=MailKind.EVENT, candidates=[invitation.candidate for invitation in invitations], sender=sender,
        subject=letter_subject(letter, event), body="", batch_key=batch_key, now=now, follow_up=follow_up,
        personalise=lambda candidate: letter_fields(letter, by_candidate[candidate.pk], note=note),
    )


@transaction.atomic
def event_create(*, created_by: User, hosts: list[User], **fields) -> Event:
    event = Event.objects.create(created_by=created_by, **fields)
    event.hosts.set(hosts or [created_by])
    return event


@transaction.atomic
def event_update(*, event: Event, changed_by: User, hosts: list[User] | None = None,
                 now: dt.datetime | None = None, **fields) -> bool:
    """Save the changes; when time or place changed, everyone still interested gets an update.

    Returns whether invitees were told (the event's SEQUENCE went up).
    """
    now = now or timezone.now()
    locked = Event.objects.select_for_update().get(pk=event.pk)
    newsworthy = any(getattr(locked, name) != value for name, value in fields.items() if name in NEWSWORTHY)
    for name, value in fields.items():
        setattr(event, name, value)
    event.sequence = locked.sequence + (1 if newsworthy else 0)
    event.save()
    if hosts is not None:
        event.hosts.set(hosts or [changed_by])
    if newsworthy and not event.is_cancelled:
        _send(UPDATE, event=event, invitations=_interested(event),
              batch_key=f"event:{event.pk}:update:{event.sequence}", sender=event.created_by, now=now)
    _promote_waitlisted(event=event, now=now)
    return newsworthy


@transaction.atomic
def event_cancel(*, event: Event, cancelled_by: User, now: dt.datetime | None = None) -> int:
    """Cancel the event: METHOD:CANCEL to everyone still interested; returns how many were told."""
    now = now or timezone.now()
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if locked.is_cancelled:
        return 0
    event.status = EventStatus.CANCELLED
    event.sequence = locked.sequence + 1
    event.save(update_fields=["status", "sequence", "updated_at"])
    result = _send(CANCELLATION, event=event, invitations=_interested(event), batch_key=f"event:{event.pk}:cancel",
                   sender=event.created_by, now=now)
    return len(result.queued)


def _interested(event: Event) -> list[Invitation]:
    return list(event.invitations.filter(answer__in=STILL_INTERESTED).select_related("candidate", "event"))


@transaction.atomic
def invitations_send(*, event: Event, candidates: list[Candidate], invited_by: User, note: str = "",
                     now: dt.datetime | None = None) -> InviteResult:
    """Invite candidates (from a segment or picked one by one): one invitation and one email each.

    Suppression, the "events" topic and the contact cap apply as for any bulk email; those
    held back are reported and get no invitation. Someone invited before is not invited again.
    """
    now = now or timezone.now()
    result = InviteResult()
    if event.is_cancelled:
        return result
    existing = set(event.invitations.filter(candidate__in=candidates).values_list("candidate_id", flat=True))
    result.already_invited = len(existing)
    fresh = [c for c in candidates if c.pk not in existing]
    created = Invitation.objects.bulk_create(
        [Invitation(event=event, candidate=c, invited_by=invited_by, note=note, created_at=now) for c in fresh],
        batch_size=1000,
    )
    for invitation in created:
        invitation.event = event
    queued = _send(INVITATION, event=event, invitations=created, batch_key=f"event:{event.pk}:invite",
                   sender=invited_by, now=now, follow_up=False, note=note)
    held_back = {c.pk for c in queued.over_cap} | {c.pk for c, _ in queued.suppressed}
    if held_back:
        Invitation.objects.filter(event=event, candidate_id__in=held_back).delete()
    result.invited = [invitation for invitation in created if invitation.candidate_id not in held_back]
    result.suppressed, result.over_cap = queued.suppressed, queued.over_cap
    return result


@transaction.atomic
def rsvp_answer(*, invitation: Invitation, answer: str, plus_one: bool = False,
                now: dt.datetime | None = None) -> Invitation:
    """Record an invitee's answer; "Going" past capacity joins the waitlist. Logs an inbound touch point.

    The event row is locked first, so places are counted one answer at a time.
    """
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=invitation.event_id)
    if not event.rsvp_open(now):
        raise RsvpClosed
    current = Invitation.objects.select_for_update().select_related("candidate").get(pk=invitation.pk)
    previous = current.answer
    plus_one = plus_one and event.plus_one_allowed
    if answer == Answer.GOING:
        if previous == Answer.WAITLISTED:
            pass  # still waiting, in the same place in the queue
        else:
            others = event.invitations.exclude(pk=current.pk).places_taken()
            fits = event.capacity is None or others + (2 if plus_one else 1) <= event.capacity
            current.answer = Answer.GOING if fits else Answer.WAITLISTED
            if not fits:
                current.waitlisted_at = now
        current.plus_one = plus_one
    else:
        current.answer, current.plus_one, current.waitlisted_at = answer, False, None
    current.answered_at = now
    current.save(update_fields=["answer", "plus_one", "waitlisted_at", "answered_at"])
    if current.answer != previous:
        # An answer is the candidate reaching out, but not a conversation: on the timeline,
        # without moving the check-in cadence (attending does that).
        touch_point_log(candidate=current.candidate, kind=TouchKind.EVENT, occurred_at=now, author=None,
                        direction=Direction.INBOUND, moves_cadence=False,
                        summary=f"RSVP to {event.title}: {current.get_answer_display()}")
    if previous == Answer.GOING and current.answer != Answer.GOING:
        _promote_waitlisted(event=event, now=now)
    invitation.answer, invitation.plus_one = current.answer, current.plus_one
    return current


def _promote_waitlisted(*, event: Event, now: dt.datetime) -> list[Invitation]:
    """Move the first on the waitlist up while places are free, and email each. Caller holds the event lock."""
    if event.capacity is None and not event.invitations.waitlist().exists():
        return []
    taken = event.invitations.places_taken()
    promoted = []
    for waiting in event.invitations.waitlist().select_related("candidate"):
        if event.capacity is not None and taken + waiting.places > event.capacity:
            break
        waiting.answer, waiting.waitlisted_at = Answer.GOING, None
        waiting.save(update_fields=["answer", "waitlisted_at"])
        taken += waiting.places
        waiting.event = event
        promoted.append(waiting)
        touch_point_log(candidate=waiting.candidate, kind=TouchKind.EVENT, occurred_at=now, author=None,
                        moves_cadence=False, summary=f"Moved up from the waitlist of {event.title}: Going")
    if promoted:
        _send(PROMOTED, event=event, invitations=promoted, batch_key=f"event:{event.pk}:promoted",
              sender=event.created_by, now=now)
    return promoted


@transaction.atomic
def attendance_mark(*, invitation: Invitation, attendance: str, marked_by: User,
                    now: dt.datetime | None = None) -> Invitation:
    """Check a guest in (attended) or record a no-show.

    Attending is a touch point that moves the check-in cadence: they met a recruiter.
    A no-show is kept on the invitation only; it is not a touch.
    """
    now = now or timezone.now()
    current = Invitation.objects.select_for_update().select_related("candidate", "event").get(pk=invitation.pk)
    if current.attendance == attendance:
        return current
    first_arrival = attendance == Attendance.ATTENDED and current.checked_in_at is None
    current.attendance = attendance
    if first_arrival:
        current.checked_in_at = now
    current.save(update_fields=["attendance", "checked_in_at"])
    if first_arrival:
        touch_point_log(candidate=current.candidate, kind=TouchKind.EVENT, occurred_at=now, author=marked_by,
                        summary=f"Attended {current.event.title}")
    return current


@transaction.atomic
def walk_in_add(*, event: Event, email: str, full_name: str, added_by: User,
                now: dt.datetime | None = None) -> tuple[Invitation, bool]:
    """Someone who came without an invitation: matched to a candidate by email, or added; checked in.

    Returns the invitation and whether a new candidate was created.
    """
    now = now or timezone.now()
    email = email.strip()
    candidate = Candidate.objects.filter(email__iexact=email).order_by("pk").first()
    created = candidate is None
    if created:
        candidate = candidate_create(owner=added_by, created_by=added_by, full_name=full_name.strip(), email=email,
                                     source=Source.EVENT)
    invitation, _ = Invitation.objects.get_or_create(
        event=event, candidate=candidate,
        defaults={"invited_by": added_by, "answer": Answer.GOING, "walk_in": True, "answered_at": now},
    )
    return attendance_mark(invitation=invitation, attendance=Attendance.ATTENDED, marked_by=added_by, now=now), created


def reminders_queue(*, now: dt.datetime | None = None) -> int:
    """The day-before reminder to everyone going, from REMINDER_HOUR event time; once per invitee.

    Runs hourly (beat). The mail channel's unique (batch, candidate) row makes a second run,
    or a second worker, add no one twice; a cancelled event is never reminded.
    """
    now = now or timezone.now()
    sent = 0
    soon = Event.objects.scheduled().filter(starts_at__gt=now, starts_at__lte=now + dt.timedelta(hours=48))
    for event in soon.select_related("created_by"):
        local_now = now.astimezone(event.zone)
        if event.local_start.date() - local_now.date() != dt.timedelta(days=1) or local_now.hour < REMINDER_HOUR:
            continue
        with transaction.atomic():
            going = list(event.invitations.going().select_related("candidate", "event"))
            result = _send(REMINDER, event=event, invitations=going, batch_key=f"event:{event.pk}:reminder",
                           sender=event.created_by, now=now)
        sent += len(result.queued)
    return sent


def calendar_feed_for(*, user: User) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> CalendarFeed:
    """A new secret: the old feed link stops working at once."""
    feed = calendar_feed_for(user=user)
    feed.key = CalendarFeed._meta.get_field("key").default()
    feed.save(update_fields=["key"])
    return feed
