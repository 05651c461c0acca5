"""Stored dates outside the window (candidates.dates), found and mended by data migrations.

Until the window was enforced any date could be typed, and one typo (0001 for 2001,
1900 for 2000) was enough to break every page listing that candidate. `repair` mends
one column:

- a value is outside only if it is outside for everyone: before 1970 began anywhere
  (UTC+14), or after today has begun anywhere, so no value a form in some timezone
  would accept is touched;
- a replacement chosen by the caller goes in first (when the row was logged, NULL for
  "not known"); anything still outside then goes to the nearest edge that is inside for
  everyone (1970 at UTC-12, today at UTC-12, now);
- every step is a set-based UPDATE written with ORM expressions, so it is a handful of
  statements on a table of millions and runs the same on SQLite and PostgreSQL;
- what it changed is logged: the count, and some of the rows with their old values as the
  database prints them, because a PostgreSQL "BC" value cannot be read into Python at all.
"""
import datetime as dt
import logging

from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from .dates import EARLIEST, PLAN_AHEAD_DAYS

logger = logging.getLogger(__name__)

# The timezones furthest ahead of and behind UTC.
FURTHEST_EAST = dt.timezone(dt.timedelta(hours=14))
FURTHEST_WEST = dt.timezone(dt.timedelta(hours=-12))
# Rows named in the log per column; the count covers them all.
LOGGED_ROWS = 20
# `early` / `late` default: the nearest edge that is inside the window for everyone.
EDGE = object()


def _edges(window: str, *, now: dt.datetime, dates: bool) -> tuple:
    """The window's edges for everyone (a value before the first or after the second is outside
    it wherever the person was), then the edges that are inside it for everyone, to clamp to."""
    east_today, west_today = now.astimezone(FURTHEST_EAST).date(), now.astimezone(FURTHEST_WEST).date()
    if window == "happened":
        if dates:
            return EARLIEST, east_today, EARLIEST, west_today
        earliest = dt.datetime.combine(EARLIEST, dt.time.min)
        return earliest.replace(tzinfo=FURTHEST_EAST), now, earliest.replace(tzinfo=FURTHEST_WEST), now
    if window == "planned":
        # Plans are times (next due, snoozed until). One may lie in the past (an overdue check-in,
        # an ended snooze): only the far past is wrong.
        earliest = dt.datetime.combine(EARLIEST, dt.time.min)
        last_day = east_today + dt.timedelta(days=PLAN_AHEAD_DAYS + 1)
        latest = dt.datetime.combine(last_day, dt.time.min, tzinfo=FURTHEST_EAST)
        return earliest.replace(tzinfo=FURTHEST_EAST), latest, now, now + dt.timedelta(days=PLAN_AHEAD_DAYS)
    raise ValueError(f"Unknown window {window!r}")


def repair(
    apps, label: str, field: str, *, window: str, now: dt.datetime, early=EDGE, late=EDGE,
    how: str = "the nearest edge",
) -> int:
    """Mend `label`.`field` values outside `window` ("happened" or "planned"); returns how many.

    `early` and `late` replace values before and after the window: a value, None or an
    expression such as F("created_at"). Left out, the value goes to the nearest safe edge.
    `how` says in the log what they were set to.
    """
    model = apps.get_model(label)
    dates = not isinstance(model._meta.get_field(field), models.DateTimeField)
    below, above, safe_below, safe_above = _edges(window, now=now, dates=dates)
    rows = model._base_manager.all()
    too_early, too_late = Q(**{f"{field}__lt": below}), Q(**{f"{field}__gt": above})
    found = rows.filter(too_early | too_late)
    # Any few of them, unordered: on a large table the column's own index finds them at once.
    examples = list(found.annotate(was=Cast(field, CharField())).order_by().values_list("pk", "was")[:LOGGED_ROWS])
    if not examples:
        return 0
    count = found.count()
    rows.filter(too_early).update(**{field: safe_below if early is EDGE else early})
    rows.filter(too_late).update(**{field: safe_above if late is EDGE else late})
    # A replacement read from another column (when the row was logged) can itself be outside.
    rows.filter(too_early).update(**{field: safe_below})
    rows.filter(too_late).update(**{field: safe_above})
    logger.warning(
        "Mended %d %s.%s value(s) outside the %s window (%s to %s), set to %s%s: %s",
        count, label, field, window, below, above, how,
        "" if count <= LOGGED_ROWS else f"; {LOGGED_ROWS} of them",
        ", ".join(f"#{pk} was {was}" for pk, was in examples),
    )
    return count
