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

# The candidate page opens on the latest entries; "show the full history" asks for up to the
# larger number. A long-followed candidate has hundreds of touch points, and rendering them all
# on every visit is what made the page slow, not the SQL.
TIMELINE_FIRST_PAGE = 50
TIMELINE_LIMIT = 500


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: str  # a short key templates use for the icon and colour
    title: str
    body: str = ""
    actor: str = ""
    details: dict = field(default_factory=dict)
    obj: object = None


# A source takes the candidate and how many of its newest entries are wanted.
TimelineSource = Callable[[object, int], Iterable[TimelineEntry]]
_sources: list[TimelineSource] = []


def register_timeline_source(source: TimelineSource) -> TimelineSource:
    if source not in _sources:
        _sources.append(source)
    return source


def newest_related(candidate, related_name: str, queryset, limit: int):
    """A source's newest `limit` rows: from the candidate's prefetched `related_name` when the
    caller fetched them already (the candidate page shows interviews and career moves in full,
    so it fetches them once for both), otherwise from `queryset`, in the same (model) order."""
    if related_name in getattr(candidate, "_prefetched_objects_cache", {}):
        return getattr(candidate, related_name).all()[:limit]
    return queryset[:limit]


def date_to_datetime(day: dt.date) -> dt.datetime:
    """Date-only events (an interview, a job start) sort at noon in the current timezone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)), timezone.get_current_timezone())


def candidate_timeline(candidate, *, limit: int = TIMELINE_LIMIT) -> tuple[list[TimelineEntry], bool]:
    """The newest `limit` entries, newest first, and whether older ones were left out.

    The newest `limit` overall are among the newest `limit` of each source, so asking
    each source for one more than that is enough to know whether anything is missing.
    """
    entries: list[TimelineEntry] = []
    for source in _sources:
        entries.extend(source(candidate, limit + 1))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit], len(entries) > limit
