"""Invitations, updates and cancellations as they reach a mailbox over real SMTP, parsed back with icalendar."""
import datetime as dt
import zoneinfo

import pytest
import time_machine
from icalendar import Calendar

from candidates.tests.factories import CandidateFactory
from outreach.events.services import event_cancel, event_update, invitations_send

from .factories import EventFactory

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def _calendar_parts(message):
    """The text/calendar alternative and the invite.ics attachment of one received message."""
    parts = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    inline = [p for p in parts if p.get_filename() is None]
    attached = [p for p in parts if p.get_filename() == "invite.ics"]
    assert len(inline) == 1 and len(attached) == 1
    return inline[0], attached[0]


def _parsed(part) -> tuple[Calendar, object]:
    cal = Calendar.from_ical(part.get_payload(decode=True))
    (vevent,) = cal.walk("VEVENT")
    return cal, vevent


def _send(django_capture_on_commit_callbacks, fn, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return fn(**kwargs)


@pytest.fixture
def dana(recruiter):
    return CandidateFactory(owner=recruiter, full_name="Dana Scott", email="dana@example.org")


@time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC), tick=False)
def test_invitation_update_and_cancel_carry_one_uid_a_rising_sequence_and_a_matching_method(
        smtp, recruiter, dana, django_capture_on_commit_callbacks):
    # Saturday 27 March 2027, 18:00 in London: the last evening of GMT before clocks go forward.
    event = EventFactory(created_by=recruiter, title="Spring happy hour",
                         starts_at=dt.datetime(2027, 3, 27, 18, tzinfo=LONDON),
                         ends_at=dt.datetime(2027, 3, 27, 21, tzinfo=LONDON))
    _send(django_capture_on_commit_callbacks, invitations_send, event=event, candidates=[dana], invited_by=recruiter,
          note="You said you missed the old team.")
    (invitation_mail,) = smtp.messages()
    assert invitation_mail["Subject"] == "You're invited: Spring happy hour"
    inline, attached = _calendar_parts(invitation_mail)
    assert inline.get_param("method") == attached.get_param("method") == "REQUEST"
    cal, vevent = _parsed(attached)
    print("\n" + attached.get_payload(decode=True).decode())  # the raw .ics, for the record
    assert cal["METHOD"] == "REQUEST"
    uid = str(vevent["UID"])
    assert uid == f"{event.uid}@mail.example.com"
    assert vevent["SEQUENCE"] == 0 and vevent["STATUS"] == "CONFIRMED"
    assert str(vevent["ORGANIZER"]) == "mailto:nurture@mail.example.com"
    attendee = vevent["ATTENDEE"]
    assert str(attendee) == "mailto:dana@example.org"
    assert attendee.params["RSVP"] == "TRUE" and attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert vevent["DTSTART"].params["TZID"] == "Europe/London"
    assert vevent.decoded("DTSTART") == dt.datetime(2027, 3, 27, 18, tzinfo=LONDON)
    assert vevent.decoded("DTSTART").astimezone(dt.UTC).hour == 18  # GMT
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    # The inline part is the same calendar as the file.
    assert inline.get_payload(decode=True) == attached.get_payload(decode=True)
    text = invitation_mail.get_body(("plain",)).get_content()
    assert "You said you missed the old team." in text and "https://crm.example.com/e/" in text

    # A week later, after the clocks went forward: still 18:00 in London, now 17:00 UTC.
    _send(django_capture_on_commit_callbacks, event_update, event=event, changed_by=recruiter,
          starts_at=dt.datetime(2027, 4, 3, 18, tzinfo=LONDON), ends_at=dt.datetime(2027, 4, 3, 21, tzinfo=LONDON))
    update_mail = smtp.messages()[1]
    assert update_mail["Subject"] == "Updated: Spring happy hour"
    inline, attached = _calendar_parts(update_mail)
    assert inline.get_param("method") == attached.get_param("method") == "REQUEST"
    cal, vevent = _parsed(attached)
    assert str(vevent["UID"]) == uid and vevent["SEQUENCE"] == 1
    assert vevent["DTSTART"].params["TZID"] == "Europe/London"
    assert vevent.decoded("DTSTART").astimezone(dt.UTC) == dt.datetime(2027, 4, 3, 17, tzinfo=dt.UTC)
    offsets = {str(sub.name): sub["TZOFFSETTO"].to_ical() for sub in cal.walk("VTIMEZONE")[0].subcomponents}
    assert offsets.get("DAYLIGHT") == "+0100"

    _send(django_capture_on_commit_callbacks, event_cancel, event=event, cancelled_by=recruiter)
    cancel_mail = smtp.messages()[2]
    inline, attached = _calendar_parts(cancel_mail)
    assert inline.get_param("method") == attached.get_param("method") == "CANCEL"
    cal, vevent = _parsed(attached)
    assert cal["METHOD"] == "CANCEL" and vevent["STATUS"] == "CANCELLED"
    assert str(vevent["UID"]) == uid and vevent["SEQUENCE"] == 2
    assert smtp.count == 3


def test_a_change_that_is_not_news_sends_nothing(recruiter, dana, django_capture_on_commit_callbacks, mailoutbox):
    event = EventFactory(created_by=recruiter)
    _send(django_capture_on_commit_callbacks, invitations_send, event=event, candidates=[dana], invited_by=recruiter)
    told = _send(django_capture_on_commit_callbacks, event_update, event=event, changed_by=recruiter,
                 description="Now with snacks.")
    event.refresh_from_db()
    assert told is False and event.sequence == 0 and len(mailoutbox) == 1


def test_the_online_link_is_only_in_the_calendar_of_someone_going(recruiter, dana):
    from outreach.events.calendar import invitation_ics
    from outreach.events.models import Invitation

    event = EventFactory(created_by=recruiter, address="", online_url="https://meet.example.com/secret-room")
    invitation = Invitation.objects.create(event=event, candidate=dana, invited_by=recruiter)
    assert "secret-room" not in invitation_ics(invitation=invitation, method="REQUEST")
    invitation.answer = "going"
    assert "secret-room" in invitation_ics(invitation=invitation, method="REQUEST")
