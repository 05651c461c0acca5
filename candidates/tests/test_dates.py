"""DateLabels prints exactly what the `date` filter would; the date window holds at its edges, in any timezone."""
import datetime as dt
import zoneinfo
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.formats import date_format

from candidates.dates import HAPPENED, PLANNED, DateLabels
from candidates.tests.clocks import CLOCKS, MORNING_IN_SINGAPORE, clock

START = dt.datetime(2026, 1, 1, 0, 5, tzinfo=dt.UTC)


@pytest.mark.parametrize(("zone", "language"), [("Europe/London", "en-gb"), ("Pacific/Auckland", "de")])
def test_labels_match_date_format(zone, language):
    with timezone.override(ZoneInfo(zone)), translation.override(language):
        labels = DateLabels()
        for step in range(0, 400, 7):
            moment = timezone.localtime(START + dt.timedelta(days=step, hours=step % 24, minutes=step))
            assert labels.short(moment) == date_format(moment, "D j M")
            assert labels.long(moment) == date_format(moment, "j M Y")
            assert labels.long(moment.date()) == date_format(moment.date(), "j M Y")
            assert labels.with_time(moment) == date_format(moment, "j M Y, H:i")


# --- The window ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("zone", "instant", "today"), CLOCKS)
def test_happened_dates_run_from_1970_to_today_where_the_person_is(zone, instant, today):
    with clock(zone, instant):
        assert HAPPENED.days() == (dt.date(1970, 1, 1), today)
        assert HAPPENED.error(today) is None and HAPPENED.error(dt.date(1970, 1, 1)) is None
        assert HAPPENED.error(today + dt.timedelta(days=1)).code == "too_late"
        assert HAPPENED.error(dt.date(1969, 12, 31)).code == "too_early"


@pytest.mark.parametrize(("zone", "instant", "today"), CLOCKS)
def test_happened_times_run_from_local_midnight_1970_to_now(zone, instant, today):
    tz = zoneinfo.ZoneInfo(zone)
    with clock(zone, instant):
        assert HAPPENED.error(instant) is None
        assert HAPPENED.error(instant + dt.timedelta(microseconds=1)).code == "too_late"
        assert HAPPENED.error(dt.datetime(1970, 1, 1, tzinfo=tz)) is None
        assert HAPPENED.error(dt.datetime(1969, 12, 31, 23, 59, 59, tzinfo=tz)).code == "too_early"
        # Year 1 east of UTC is before year 1 in UTC: it is compared, never converted (that overflows).
        assert HAPPENED.error(dt.datetime(1, 1, 1, tzinfo=tz)).code == "too_early"
        assert HAPPENED.error(dt.datetime(9999, 12, 31, 23, 59, tzinfo=tz)).code == "too_late"


@pytest.mark.parametrize(("zone", "instant", "today"), CLOCKS)
def test_planned_dates_and_times_run_from_today_to_730_days_ahead(zone, instant, today):
    tz = zoneinfo.ZoneInfo(zone)
    last = today + dt.timedelta(days=730)
    with clock(zone, instant):
        assert PLANNED.days() == (today, last)
        assert PLANNED.error(today) is None and PLANNED.error(last) is None
        assert PLANNED.error(today - dt.timedelta(days=1)).code == "too_early"
        assert PLANNED.error(last + dt.timedelta(days=1)).code == "too_late"
        start_of_today = dt.datetime.combine(today, dt.time.min, tzinfo=tz)
        end_of_last_day = dt.datetime.combine(last, dt.time.max, tzinfo=tz)
        assert PLANNED.error(start_of_today) is None and PLANNED.error(end_of_last_day) is None
        assert PLANNED.error(start_of_today - dt.timedelta(microseconds=1)).code == "too_early"
        assert PLANNED.error(end_of_last_day + dt.timedelta(microseconds=1)).code == "too_late"


def test_messages_name_the_allowed_range():
    with clock("Asia/Singapore", MORNING_IN_SINGAPORE):
        assert HAPPENED.error(dt.date(2026, 3, 3)).message == (
            "That is in the future: enter a date from 1 Jan 1970 to today (2 Mar 2026).")
        assert HAPPENED.error(dt.date(1, 1, 1)).message == (
            "That is too long ago: enter a date from 1 Jan 1970 to today (2 Mar 2026).")
        assert HAPPENED.error(dt.datetime(1900, 1, 1, tzinfo=dt.UTC)).message == (
            "That is too long ago: enter a time from 1 Jan 1970 to now.")
        assert PLANNED.error(dt.date(2026, 3, 1)).message == (
            "That is in the past: pick a date from today (2 Mar 2026) to 1 Mar 2028.")
        assert PLANNED.error(dt.date(2028, 3, 2)).message == (
            "That is too far ahead: pick a date no later than 1 Mar 2028.")


def test_services_get_one_error_naming_each_argument_outside():
    with clock("UTC", MORNING_IN_SINGAPORE), pytest.raises(ValidationError) as raised:
        HAPPENED.require(started_on=dt.date(1, 1, 1), occurred_on=dt.date(2026, 3, 1), shared_at=None)
    assert set(raised.value.message_dict) == {"started_on"}
