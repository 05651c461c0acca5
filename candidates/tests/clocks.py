"""Clocks for testing a date window's edges where "today" differs from UTC's.

At EVENING_IN_NEW_YORK it is already 2 March in UTC and Singapore, still 1 March in New
York (UTC−5); at MORNING_IN_SINGAPORE it is 2 March in Singapore (UTC+8), still 1 March
in UTC and New York. Each case is (timezone, instant, that timezone's today).
"""
import contextlib
import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

EVENING_IN_NEW_YORK = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)  # 21:00 on 1 March there
MORNING_IN_SINGAPORE = dt.datetime(2026, 3, 1, 20, 0, tzinfo=dt.UTC)  # 04:00 on 2 March there

CLOCKS = [
    pytest.param("America/New_York", EVENING_IN_NEW_YORK, dt.date(2026, 3, 1), id="new-york-evening"),
    pytest.param("UTC", EVENING_IN_NEW_YORK, dt.date(2026, 3, 2), id="utc-new-york-evening"),
    pytest.param("Asia/Singapore", EVENING_IN_NEW_YORK, dt.date(2026, 3, 2), id="singapore-new-york-evening"),
    pytest.param("America/New_York", MORNING_IN_SINGAPORE, dt.date(2026, 3, 1), id="new-york-singapore-morning"),
    pytest.param("UTC", MORNING_IN_SINGAPORE, dt.date(2026, 3, 1), id="utc-singapore-morning"),
    pytest.param("Asia/Singapore", MORNING_IN_SINGAPORE, dt.date(2026, 3, 2), id="singapore-morning"),
]


@contextlib.contextmanager
def clock(zone: str, instant: dt.datetime):
    """The time is `instant`, and the signed-in person lives in `zone`."""
    with time_machine.travel(instant, tick=False), timezone.override(zoneinfo.ZoneInfo(zone)):
        yield


def local(moment: dt.datetime, zone: str) -> str:
    """A moment as a datetime-local picker in `zone` sends it."""
    return moment.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")
