"""When a sequence may send: business days (no weekends, none of the team's public holidays),
between the sequence's hours, in the candidate's timezone when known, else the recruiter's.

Times are worked out on the local wall clock and turned back into an aware instant with
zoneinfo, so "10:00 two business days later" is 10:00 local across a DST change.
"""
import datetime as dt
import functools
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings


@functools.lru_cache(maxsize=8)
def _holidays(spec: str, year: int) -> frozenset[dt.date]:
    country, _, subdivision = spec.partition("-")
    if not country:
        return frozenset()
    return frozenset(holidays.country_holidays(country, subdiv=subdivision or None, years=year).keys())


def is_business_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(settings.SEQUENCE_HOLIDAYS, day.year)


def add_business_days(day: dt.date, days: int) -> dt.date:
    """The business day `days` business days after `day` (which need not be one itself)."""
    while days > 0:
        day += dt.timedelta(days=1)
        if is_business_day(day):
            days -= 1
    return day


def _at(day: dt.date, hour: int, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zone)


def next_send_time(moment: dt.datetime, *, zone: ZoneInfo, start_hour: int, end_hour: int) -> dt.datetime:
    """`moment` itself when it is inside the window, else the window's next opening."""
    local = moment.astimezone(zone)
    day = local.date()
    if is_business_day(day):
        if start_hour <= local.hour < end_hour:
            return moment
        if local.hour < start_hour:
            return _at(day, start_hour, zone)
    return _at(add_business_days(day, 1), start_hour, zone)


def after_wait(moment: dt.datetime, *, days: int, zone: ZoneInfo, start_hour: int, end_hour: int) -> dt.datetime:
    """`days` business days after `moment` at the same local time, moved into the window."""
    local = moment.astimezone(zone)
    later = dt.datetime.combine(add_business_days(local.date(), days), local.time().replace(tzinfo=None),
                                tzinfo=zone)
    return next_send_time(later, zone=zone, start_hour=start_hour, end_hour=end_hour)
