"""What each row of My check-ins shows, worked out once in Python.

A busy recruiter's page lists 100 rows. In the template language every `{{ }}`, filter and
`{% url %}` is resolved node by node, so rows that worked out their own labels, dates and
links took most of the page's time. The row template now prints strings prepared here, in a
loop that resolves each translated label, URL pattern and timezone once per page.
"""
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from candidates.choices import Tier
from candidates.dates import DateLabels
from candidates.models import Candidate

from .choices import TouchKind
from .models import CheckInSchedule

# The last touch's summary as the row shows it; the candidate page shows more.
SUMMARY_CHARS = 140


def url_maker(name: str) -> Callable[[int], str]:
    """reverse() once for a route taking one integer; each row's URL is then string formatting."""
    marker = 987654321
    before, after = reverse(name, args=[marker]).split(str(marker))
    return lambda pk: f"{before}{pk}{after}"


@dataclass(frozen=True, slots=True)
class CheckinRow:
    candidate: Candidate
    pk: int  # the schedule's: the row's id
    name: str
    url: str
    log_url: str  # the full touch-point form; the page's script opens the inline one instead
    snooze_url: str
    email_url: str  # "Write email" (outreach.mail), shown to those who may send one
    tier: int
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
    detail_url, touch_url, snooze_url, email_url = (
        url_maker(name)
        for name in ("candidates:detail", "outreach:touch_create", "outreach:schedule_snooze", "mail:compose")
    )
    next_query = f"?next={quote(back_to)}"
    tier_labels = {value: f"{label} tier" for value, label in Tier.choices}
    channel_labels = {value: str(label) for value, label in TouchKind.choices}
    cadence_labels: dict[int, str] = {}
    days = DateLabels()
    tz = timezone.get_current_timezone()
    rows = []
    for schedule in schedules:
        candidate = schedule.candidate
        due = schedule.next_due_at.astimezone(tz)
        if schedule.next_due_at <= now:
            late = schedule.days_overdue(now)
            overdue_label = f"{late} day{'s' if late != 1 else ''} overdue" if late else "Due today"
        else:
            overdue_label = ""
        last = schedule.last_touch_at.astimezone(tz) if schedule.last_touch_at else None
        summary = schedule.last_touch_summary
        if len(summary) > SUMMARY_CHARS:
            summary = Truncator(summary).chars(SUMMARY_CHARS)
        if schedule.cadence_days not in cadence_labels:
            cadence_labels[schedule.cadence_days] = str(schedule.cadence_label)
        rows.append(CheckinRow(
            candidate=candidate,
            pk=schedule.pk,
            name=candidate.full_name,
            url=detail_url(candidate.pk),
            log_url=touch_url(candidate.pk) + next_query,
            snooze_url=snooze_url(candidate.pk) + next_query,
            email_url=email_url(candidate.pk) + next_query,
            tier=candidate.tier,
            tier_label=tier_labels.get(candidate.tier, ""),
            current_role=candidate.current_role,
            overdue_label=overdue_label,
            due_iso=due.isoformat(),
            due_label=days.short(due),
            last_touch_iso=last.isoformat() if last else "",
            last_touch_label=days.long(last) if last else "",
            last_touch_summary=summary,
            channel=schedule.preferred_channel,
            channel_label=channel_labels.get(schedule.preferred_channel, schedule.preferred_channel),
            cadence_label=cadence_labels[schedule.cadence_days],
        ))
    return rows
