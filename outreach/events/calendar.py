"""iCalendar (RFC 5545) for invitations, updates and cancellations (RFC 5546 iTIP), and the team feed.

One UID per event for its whole life; SEQUENCE goes up with each change invitees are told
about, so a calendar moves its entry rather than adding a second one. Times carry the event's
own TZID with its VTIMEZONE, so 18:00 in London stays 18:00 there on both sides of a DST change.
"""
import datetime as dt

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vCalAddress, vText
from icalendar import Event as VEvent

from .choices import Answer

PRODID = "-//Nurture//Events//EN"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"

# What an invitee's own answer is called in their ATTENDEE line.
PARTSTAT = {
    Answer.INVITED: "NEEDS-ACTION", Answer.GOING: "ACCEPTED", Answer.MAYBE: "TENTATIVE",
    Answer.DECLINED: "DECLINED", Answer.WAITLISTED: "TENTATIVE",
}


def event_uid(event) -> str:
    return f"{event.uid}@{settings.MAIL_MESSAGE_ID_DOMAIN}"


def _calendar(method: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    return cal


def _organizer(event) -> vCalAddress:
    organizer = vCalAddress(f"mailto:{settings.MAIL_FROM_ADDRESS}")
    host = event.created_by
    organizer.params["cn"] = vText(f"{host.get_full_name() or host.username} via {settings.MAIL_FROM_NAME}")
    return organizer


def _vevent(event, *, now: dt.datetime, url: str = "", show_online_link: bool = False) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", now.astimezone(dt.UTC))
    vevent.add("dtstart", event.local_start)
    vevent.add("dtend", event.local_end)
    vevent.add("sequence", event.sequence)
    vevent.add("summary", event.title)
    description = event.description
    if show_online_link and event.online_url:
        description = f"{description}\n\nJoin online: {event.online_url}".strip()
    if url:
        description = f"{description}\n\nYour answer: {url}".strip()
    if description:
        vevent.add("description", description)
    location = event.address or ("Online" if event.online_url else "")
    if show_online_link and event.online_url and not event.address:
        location = event.online_url
    if location:
        vevent.add("location", location)
    if url:
        vevent.add("url", url)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add("organizer", _organizer(event))
    return vevent


def _add_timezones(cal: Calendar, events) -> None:
    """VTIMEZONE for each TZID used, covering a year either side of the events rather than
    1970-2038: a few lines, and still every DST change a calendar needs to place them."""
    starts = [event.starts_at.date() for event in events]
    if starts:
        cal.add_missing_timezones(first_date=min(starts) - dt.timedelta(days=366),
                                  last_date=max(starts) + dt.timedelta(days=366))


def invitation_ics(*, invitation, method: str, url: str = "", now: dt.datetime | None = None) -> str:
    """The VCALENDAR one invitee receives: REQUEST (invitation or update) or CANCEL."""
    now = now or timezone.now()
    event = invitation.event
    cal = _calendar(method)
    vevent = _vevent(event, now=now, url=url, show_online_link=invitation.answer == Answer.GOING)
    attendee = vCalAddress(f"mailto:{invitation.candidate.email}")
    attendee.params["cn"] = vText(invitation.candidate.full_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText(PARTSTAT.get(invitation.answer, "NEEDS-ACTION"))
    attendee.params["rsvp"] = vText("TRUE")
    vevent.add("attendee", attendee, encode=0)
    cal.add_component(vevent)
    _add_timezones(cal, [event])
    return cal.to_ical().decode()


def feed_ics(events, *, now: dt.datetime | None = None) -> str:
    """The team's events calendar, for recruiters subscribing to it (METHOD:PUBLISH)."""
    now = now or timezone.now()
    cal = _calendar(PUBLISH)
    cal.add("x-wr-calname", f"{settings.MAIL_FROM_NAME} events")
    for event in events:
        cal.add_component(_vevent(event, now=now, show_online_link=True))
    _add_timezones(cal, events)
    return cal.to_ical().decode()
