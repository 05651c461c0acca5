"""Contact pressure: staying top of mind without appearing needy.

The team caps candidate-facing emails per candidate in a rolling window (MailSettings:
4 in 30 days unless changed). Every kind counts, personal and feedback emails too, and
queued ones as well as sent: a bulk send skips candidates at the cap, and the compose form
warns before a recruiter adds one more (but lets them).
"""
import dataclasses
import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format

from .choices import MailKind
from .models import MailSettings, OutboundEmail


@dataclasses.dataclass(frozen=True)
class Pressure:
    recent: list[tuple[str, dt.datetime]]  # (kind, when), newest first
    cap: int
    window_days: int

    @property
    def count(self) -> int:
        return len(self.recent)

    @property
    def over_cap(self) -> bool:
        """At the cap already: one more would go over it."""
        return self.count >= self.cap

    @property
    def summary(self) -> str:
        """'3 emails in the last 30 days: newsletter 12 Nov, personal email 20 Nov, feedback 21 Nov'."""
        if not self.recent:
            return f"No emails in the last {self.window_days} days."
        labels = {value: str(label).lower() for value, label in MailKind.choices}
        labels[MailKind.FEEDBACK] = "feedback"
        oldest_first = reversed(self.recent)
        items = ", ".join(f"{labels.get(kind, kind)} {date_format(timezone.localtime(at), 'j M')}"
                          for kind, at in oldest_first)
        noun = "email" if self.count == 1 else "emails"
        return f"{self.count} {noun} in the last {self.window_days} days: {items}."


def contact_pressures(*, candidate_ids: list[int], now: dt.datetime) -> dict[int, Pressure]:
    """Each candidate's pressure, in two queries whatever their number."""
    limits = MailSettings.current()
    since = now - dt.timedelta(days=limits.contact_window_days)
    recent = OutboundEmail.objects.recent_by_candidate(candidate_ids, since=since)
    return {
        pk: Pressure(recent=recent.get(pk, []), cap=limits.contact_cap, window_days=limits.contact_window_days)
        for pk in candidate_ids
    }


def contact_pressure(*, candidate, now: dt.datetime) -> Pressure:
    return contact_pressures(candidate_ids=[candidate.pk], now=now)[candidate.pk]
