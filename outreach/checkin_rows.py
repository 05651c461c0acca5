"""What each row of My check-ins shows, worked out once in Python.

A busy recruiter's page lists 100 rows. In the template language every `{{ }}`, filter and
`{% url %}` is resolved node by node, so rendering rows that computed their own labels, dates
and links took most of the page's time. The row template now prints strings prepared here.
"""
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator

from candidates.choices import Tier
from candidates.models import Candidate

from .choices import TouchKind
from .models import CheckInSchedule

# The last touch's summary as the row shows it; the candidate page shows more.
SUMMARY_CHARS = 140
TIER_LABELS = dict(Tier.choices)
CHANNEL_LABELS = dict(TouchKind.choices)


def url_maker(name: str) -> Callable[[int], str]:
    """reverse() once for a route taking one integer; each row's URL is then string formatting."""
    marker = 987654321
    before, after = reverse(name, args=[marker]).split(str(marker))
    return lambda pk: f"{before}{pk}{after}"


@dataclass(frozen=True, slots=True)
class CheckinRow:
    schedule: CheckInSchedule
    candidate: Candidate
    url: str
    log_url: str  # the full touch-point form; the page's script opens the inline one instead
    snooze_url: str
    tier_label: str
    current_role: str
    overdue_label: str  # "3 days overdue", "Due today"; empty when not overdue yet
    due_iso: str
    due_label: str
    last_touch_iso: str
    last_touch_label: str
    last_touch_summary: str
    channel: str
    channel_label: str
    cadence_label: str


def checkin_rows(schedules: list[CheckInSchedule], *, now: dt.datetime, back_to: str) -> list[CheckinRow]:
    """One row per schedule (its candidate already joined); `back_to` is where the forms return."""
    detail_url, touch_url, snooze_url = (
        url_maker(name) for name in ("candidates:detail", "outreach:touch_create", "outreach:schedule_snooze")
    )
    next_query = f"?next={quote(back_to)}"
    day_labels: dict[tuple[dt.date, str], str] = {}

    def day_label(moment: dt.datetime, fmt: str) -> str:
        # Many rows fall on the same few days; date_format() is the costly part of a row.
        key = (moment.date(), fmt)
        if key not in day_labels:
            day_labels[key] = date_format(moment, fmt)
        return day_labels[key]

    rows = []
    for schedule in schedules:
        candidate = schedule.candidate
        due = timezone.localtime(schedule.next_due_at)
        if schedule.next_due_at <= now:
            days = schedule.days_overdue(now)
            overdue_label = f"{days} day{'s' if days != 1 else ''} overdue" if days else "Due today"
        else:
            overdue_label = ""
        last = timezone.localtime(schedule.last_touch_at) if schedule.last_touch_at else None
        rows.append(CheckinRow(
            schedule=schedule,
            candidate=candidate,
            url=detail_url(candidate.pk),
            log_url=touch_url(candidate.pk) + next_query,
            snooze_url=snooze_url(candidate.pk) + next_query,
            tier_label=f"{TIER_LABELS.get(candidate.tier, candidate.tier)} tier",
            current_role=candidate.current_role,
            overdue_label=overdue_label,
            due_iso=due.isoformat(),
            due_label=day_label(due, "D j M"),
            last_touch_iso=last.isoformat() if last else "",
            last_touch_label=day_label(last, "j M Y") if last else "",
            last_touch_summary=Truncator(schedule.last_touch_summary).chars(SUMMARY_CHARS),
            channel=schedule.preferred_channel,
            channel_label=CHANNEL_LABELS.get(schedule.preferred_channel, schedule.preferred_channel),
            cadence_label=schedule.cadence_label,
        ))
    return rows
