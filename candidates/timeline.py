"""One chronological story per candidate, gathered from every app that records history.

Each app registers a source: a function taking a candidate and returning
TimelineEntry objects. `candidates` registers its own (interviews, feedback,
career moves, stage changes); `outreach` adds touch points from its AppConfig,
keeping the dependency arrow pointing from outreach to candidates.
"""
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import timezone

# Per source, how many of the latest entries the candidate page shows.
TIMELINE_LIMIT = 100


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: str  # a short key templates use for the icon and colour
    title: str
    body: str = ""
    actor: str = ""
    details: dict = field(default_factory=dict)
    obj: object = None


TimelineSource = Callable[[object], Iterable[TimelineEntry]]
_sources: list[TimelineSource] = []


def register_timeline_source(source: TimelineSource) -> TimelineSource:
    if source not in _sources:
        _sources.append(source)
    return source


def date_to_datetime(day: dt.date) -> dt.datetime:
    """Date-only events (an interview, a job start) sort at noon in the current timezone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)), timezone.get_current_timezone())


def candidate_timeline(candidate) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for source in _sources:
        entries.extend(source(candidate))
    return sorted(entries, key=lambda e: e.at, reverse=True)
