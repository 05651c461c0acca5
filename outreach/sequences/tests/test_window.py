"""The send window: business days only, the team's holidays skipped, local hours, DST."""
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from outreach.sequences.window import add_business_days, after_wait, is_business_day, next_send_time

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
WINDOW = {"start_hour": 9, "end_hour": 17}


@pytest.fixture(autouse=True)
def _english_holidays(settings):
    settings.SEQUENCE_HOLIDAYS = "GB-ENG"


def at(zone, *parts):
    return dt.datetime(*parts, tzinfo=zone)


def test_inside_the_window_is_now():
    now = at(LONDON, 2026, 11, 10, 11, 30)  # a Tuesday
    assert next_send_time(now, zone=LONDON, **WINDOW) == now


def test_friday_evening_waits_for_monday_morning():
    friday_evening = at(LONDON, 2026, 11, 13, 18, 0)
    assert next_send_time(friday_evening, zone=LONDON, **WINDOW) == at(LONDON, 2026, 11, 16, 9, 0)


def test_saturday_waits_for_monday_and_early_morning_for_nine():
    assert next_send_time(at(LONDON, 2026, 11, 14, 12, 0), zone=LONDON, **WINDOW) == at(LONDON, 2026, 11, 16, 9)
    assert next_send_time(at(LONDON, 2026, 11, 16, 7, 0), zone=LONDON, **WINDOW) == at(LONDON, 2026, 11, 16, 9)


def test_a_wait_counts_business_days_across_the_weekend():
    thursday = at(LONDON, 2026, 11, 12, 10, 0)
    assert after_wait(thursday, days=2, zone=LONDON, **WINDOW) == at(LONDON, 2026, 11, 16, 10, 0)


def test_the_teams_holidays_are_skipped():
    # Christmas Day and Boxing Day 2026 fall on Friday and Saturday; the substitute Boxing Day is Monday 28th.
    assert not is_business_day(dt.date(2026, 12, 25))
    assert not is_business_day(dt.date(2026, 12, 28))
    christmas_eve = at(LONDON, 2026, 12, 24, 10, 0)
    assert after_wait(christmas_eve, days=1, zone=LONDON, **WINDOW) == at(LONDON, 2026, 12, 29, 10, 0)
    assert add_business_days(dt.date(2026, 12, 24), 2) == dt.date(2026, 12, 30)


def test_another_countrys_holidays_are_not_ours(settings):
    thanksgiving = dt.date(2026, 11, 26)
    assert is_business_day(thanksgiving)
    settings.SEQUENCE_HOLIDAYS = "US"
    assert not is_business_day(thanksgiving)


def test_a_wait_across_the_dst_change_keeps_the_local_time():
    # British Summer Time ends on Sunday 25 October 2026: 10:00 BST on Friday is 09:00 UTC,
    # 10:00 GMT on Monday is 10:00 UTC. The local time stays 10:00.
    friday = at(LONDON, 2026, 10, 23, 10, 0)
    monday = after_wait(friday, days=1, zone=LONDON, **WINDOW)
    assert monday.astimezone(LONDON).hour == 10
    assert monday.astimezone(dt.UTC) == dt.datetime(2026, 10, 26, 10, 0, tzinfo=dt.UTC)
    assert friday.astimezone(dt.UTC).hour == 9


def test_the_window_is_the_candidates_local_time():
    # 15:00 in London is 10:00 in New York: inside New York's window, so it goes now.
    now = at(LONDON, 2026, 11, 10, 15, 0)
    assert next_send_time(now, zone=NEW_YORK, **WINDOW) == now
    # 08:00 London is 03:00 New York: wait for 09:00 there (14:00 London).
    early = at(LONDON, 2026, 11, 10, 8, 0)
    assert next_send_time(early, zone=NEW_YORK, **WINDOW) == at(NEW_YORK, 2026, 11, 10, 9, 0)
