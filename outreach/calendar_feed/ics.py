"""The recruiter's calendar as iCalendar (RFC 5545, METHOD:PUBLISH): check-ins, then registered sources.

Each due check-in is an all-day entry on its due date where the recruiter is (their
timezone from My settings), "Check in with Ada Lovelace", linking to the candidate page:
the name is all it says about the candidate, since a calendar is often shared or synced to
a phone. The UID is the candidate's, so when a check-in moves the calendar moves its entry.
The window is bounded (PAST_DAYS back, AHEAD_DAYS ahead, at most MAX_CHECKINS entries), and
`feed_version` is one aggregate query per source, so an unchanged calendar costs a 304.
"""
import datetime as dt
import hashlib
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max
from icalendar import Calendar
from icalendar import Event as VEvent

from ..checkin_rows import url_maker
from ..models import CheckInSchedule
from .registry import latest, registered_sources

PRODID = "-//Nurture//My calendar//EN"
PAST_DAYS = 14
AHEAD_DAYS = 90
MAX_CHECKINS = 2000


@dataclass(frozen=True)
class Window:
    zone: zoneinfo.ZoneInfo
    first_day: dt.date
    start: dt.datetime  # the first day's local midnight
    end: dt.datetime  # the local midnight after the last day

    @classmethod
    def around(cls, now: dt.datetime, zone: zoneinfo.ZoneInfo) -> "Window":
        today = now.astimezone(zone).date()
        first, after = today - dt.timedelta(days=PAST_DAYS), today + dt.timedelta(days=AHEAD_DAYS + 1)
        return cls(zone=zone, first_day=first,
                   start=dt.datetime.combine(first, dt.time()).replace(tzinfo=zone),
                   end=dt.datetime.combine(after, dt.time()).replace(tzinfo=zone))


def user_zone(user) -> zoneinfo.ZoneInfo:
    profile = getattr(user, "profile", None)
    return zoneinfo.ZoneInfo(str(profile.timezone)) if profile else zoneinfo.ZoneInfo("UTC")


def _checkins(user, window: Window):
    return (CheckInSchedule.objects.for_owner(user).active()
            .filter(next_due_at__gte=window.start, next_due_at__lt=window.end))


def feed_version(*, user, key: str, window: Window) -> tuple[str, dt.datetime | None]:
    """(ETag, Last-Modified) without building the calendar: what changes whenever the body would."""
    stats = _checkins(user, window).aggregate(
        n=Count("pk"), schedules=Max("updated_at"), candidates=Max("candidate__updated_at"))
    parts = [key, str(window.zone), window.first_day.isoformat(), str(stats["n"]),
             str(stats["schedules"]), str(stats["candidates"])]
    modified = [stats["schedules"], stats["candidates"]]
    for source in registered_sources():
        text, changed = source.version(user=user, start=window.start, end=window.end)
        parts.append(f"{source.name}={text}")
        modified.append(changed)
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f'"{digest}"', latest(*modified)


def _checkin_vevent(schedule: CheckInSchedule, *, zone: zoneinfo.ZoneInfo, candidate_url) -> VEvent:
    due = schedule.next_due_at.astimezone(zone).date()
    candidate = schedule.candidate
    url = settings.SITE_URL.rstrip("/") + candidate_url(candidate.pk)
    vevent = VEvent()
    vevent.add("uid", f"checkin-{candidate.pk}@{settings.MAIL_MESSAGE_ID_DOMAIN}")
    # The row's own last change, so the same data gives the same bytes (and the same ETag).
    vevent.add("dtstamp", schedule.updated_at.astimezone(dt.UTC))
    vevent.add("last-modified", schedule.updated_at.astimezone(dt.UTC))
    vevent.add("dtstart", due)
    vevent.add("dtend", due + dt.timedelta(days=1))
    vevent.add("summary", f"Check in with {candidate.full_name}")
    vevent.add("description", f"Log the touch point in Nurture: {url}")
    vevent.add("url", url)
    vevent.add("transp", "TRANSPARENT")  # a reminder, not a meeting: the day stays free
    vevent.add("categories", ["Check-in"])
    return vevent


def feed_ics(*, user, window: Window) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{settings.MAIL_FROM_NAME}: my check-ins")
    cal.add("x-wr-timezone", str(window.zone))
    candidate_url = url_maker("candidates:detail")
    schedules = (_checkins(user, window).select_related("candidate")
                 .only("next_due_at", "updated_at", "candidate__full_name")
                 .order_by("next_due_at", "pk")[:MAX_CHECKINS])
    for schedule in schedules:
        cal.add_component(_checkin_vevent(schedule, zone=window.zone, candidate_url=candidate_url))
    for source in registered_sources():
        for component in source.components(user=user, start=window.start, end=window.end):
            cal.add_component(component)
    # VTIMEZONEs for the timed entries (events keep their own TZID), a year either side at most.
    cal.add_missing_timezones(first_date=window.first_day - dt.timedelta(days=366),
                              last_date=window.first_day + dt.timedelta(days=AHEAD_DAYS + 366))
    return cal.to_ical()
