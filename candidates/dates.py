"""Dates as the `date` template filter prints them, for pages that print hundreds.

`date_format()` looks up the format, the translation of every month and day name and the
active language on each call: tens of microseconds, which adds up over a page of rows. A
DateLabels is made once per page, with the names translated once, and then formats with
plain string operations. Tests pin its output to `date_format()`'s.
"""
import datetime as dt

from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR


class DateLabels:
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
