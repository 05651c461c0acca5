"""How the signals' reasons name people and dates: "Ada", "Mar 2025", "14 Jun"."""
import datetime as dt

from django.utils.formats import date_format


def first_name(full_name: str) -> str:
    parts = full_name.split()
    return parts[0] if parts else full_name


def month_label(day: dt.date) -> str:
    return date_format(day, "M Y")


def day_label(day: dt.date) -> str:
    return date_format(day, "j M")
