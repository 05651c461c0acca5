"""Dates people type, and dates pages print.

The window. Every date and time a person types lands in one of two windows, defined here
and nowhere else:

- HAPPENED, for things that took place (a touch point, an interview, a job start, when
  feedback was shared, when they got away): from 1 January 1970 to today, or to now for a
  time of day;
- PLANNED, for things to come (snoozed until, next check-in due): from today to
  PLAN_AHEAD_DAYS ahead.

Outside them a value is a typo (0001 for 2001), and a harmful one: a time in year 1,
typed east of UTC, is stored by PostgreSQL as 1 BC, which Python cannot read back, so
every page listing it failed. The forms check the window (an inline error naming the
range), the admin's through the model fields' validators, and so do the services (a
ValidationError), so nothing that skips the forms, such as an import, stores one either.

"Today" is the current timezone's: the signed-in person's (nurture.middleware activates
it), or UTC outside a request unless the caller activates another. A time is judged as
that person sees it: 1970 starts at their midnight, and a plan's last day ends at theirs.
"""
import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR

EARLIEST = dt.date(1970, 1, 1)
# As far ahead as anything may be planned. The longest cadence (outreach.choices.MAX_CADENCE_DAYS)
# from a touch logged today ends on the last day, so every check-in the app plans itself fits.
PLAN_AHEAD_DAYS = 730


class DateLabels:
    """Dates as the `date` template filter prints them, for pages that print hundreds.

    `date_format()` looks up the format, the translation of every month and day name and the
    active language on each call: tens of microseconds, which adds up over a page of rows. A
    DateLabels is made once per page, with the names translated once, and then formats with
    plain string operations. Tests pin its output to `date_format()`'s.
    """

    def __init__(self):
        self.months = {month: str(name).title() for month, name in MONTHS_3.items()}  # like "M"
        self.weekdays = {day: str(name) for day, name in WEEKDAYS_ABBR.items()}  # like "D"

    def short(self, day: dt.date) -> str:
        """ "D j M": Thu 5 Mar"""
        return f"{self.weekdays[day.weekday()]} {day.day} {self.months[day.month]}"

    def long(self, day: dt.date) -> str:
        """ "j M Y": 5 Mar 2026"""
        return f"{day.day} {self.months[day.month]} {day.year}"

    def with_time(self, moment: dt.datetime) -> str:
        """ "j M Y, H:i": 5 Mar 2026, 09:30"""
        return f"{self.long(moment)}, {moment:%H:%M}"


@dataclass(frozen=True)
class DateWindow:
    """The days a typed date may fall on, counted from today; a typed time must fall within them too."""

    starts_today: bool  # False: from EARLIEST
    days_ahead: int
    # What is wrong with a value before the first day, and after the last; {unit} is "date"
    # or "time", {start} and {end} the edges as a person reads them ("today (2 Mar 2026)").
    too_early: str
    too_late: str
    # For things that happened, a time later today has not happened yet: the window ends now.
    ends_now: bool = False

    def days(self, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
        """The first and last day allowed, both included."""
        today = today or timezone.localdate()
        return (today if self.starts_today else EARLIEST), today + dt.timedelta(days=self.days_ahead)

    def error(self, value: dt.date | dt.datetime | None) -> ValidationError | None:
        """Why the value is outside the window, or None when it is inside (or missing)."""
        if value is None:
            return None
        today = timezone.localdate()
        first, last = self.days(today)
        if isinstance(value, dt.datetime):
            unit = "time"
            # Compared as aware datetimes, never converted: turning year 1 in Singapore into
            # UTC would itself overflow. A naive time is read in the current timezone, as forms do.
            if timezone.is_naive(value):
                value = timezone.make_aware(value)
            start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
            end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))
            early = value < start
            late = value > timezone.now() if self.ends_now else value >= end
        else:
            unit = "date"
            early, late = value < first, value > last
        if not (early or late):
            return None
        labels = DateLabels()

        def edge(day: dt.date) -> str:
            return f"today ({labels.long(day)})" if day == today else labels.long(day)

        message = (self.too_early if early else self.too_late).format(
            unit=unit, start=edge(first), end="now" if self.ends_now and unit == "time" else edge(last)
        )
        return ValidationError(message, code="too_early" if early else "too_late")

    def check(self, value: dt.date | dt.datetime | None) -> None:
        """Raise a ValidationError when the value is outside the window (usable as a field validator)."""
        error = self.error(value)
        if error:
            raise error

    def require(self, **values: dt.date | dt.datetime | None) -> None:
        """For services: one ValidationError naming every argument outside the window."""
        errors = {name: [error] for name, value in values.items() if (error := self.error(value))}
        if errors:
            raise ValidationError(errors)


HAPPENED = DateWindow(
    starts_today=False, days_ahead=0, ends_now=True,
    too_early="That is too long ago: enter a {unit} from {start} to {end}.",
    too_late="That is in the future: enter a {unit} from {start} to {end}.",
)
PLANNED = DateWindow(
    starts_today=True, days_ahead=PLAN_AHEAD_DAYS,
    too_early="That is in the past: pick a {unit} from {start} to {end}.",
    # No lower edge named: a snooze, which also refuses today, shows this one too.
    too_late="That is too far ahead: pick a {unit} no later than {end}.",
)


def validate_happened(value) -> None:
    """Model field validator: the admin's forms, like the app's, then refuse dates outside HAPPENED."""
    HAPPENED.check(value)
