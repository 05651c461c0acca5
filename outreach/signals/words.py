"""How the signals' reasons name people and dates: "Ada", "Mar 2025", "14 Jun".

A full pass words hundreds of thousands of reasons, and date_format() looks up the format and
its translations on every call, so each month and day is formatted once per process.
"""
import datetime as dt
from functools import lru_cache

from django.utils.formats import date_format


def first_name(full_name: str) -> str:
    parts = full_name.split()
    return parts[0] if parts else full_name


@lru_cache(maxsize=1024)
def _month(year: int, month: int) -> str:
    return date_format(dt.date(year, month, 1), "M Y")


def month_label(day: dt.date) -> str:
    return _month(day.year, day.month)


@lru_cache(maxsize=4096)
def day_label(day: dt.date) -> str:
    return date_format(day, "j M")
