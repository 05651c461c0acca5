"""What other apps add to a recruiter's calendar feed, beside the check-ins.

The core never imports a nested app: one with dated things a recruiter should see in their
calendar (the events they host) registers a source here from its AppConfig.ready(). A source
answers two questions about one recruiter and one window of time: `version`, one cheap query
giving a string that changes whenever its entries would (the feed's ETag is built from every
source's) and its latest change (the feed's Last-Modified), and `components`, the icalendar
components themselves (VEVENTs with stable UIDs).
"""
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CalendarSource:
    name: str
    version: Callable  # version(*, user, start, end) -> (str, datetime | None)
    components: Callable  # components(*, user, start, end) -> list[icalendar.Component]


_sources: dict[str, CalendarSource] = {}


def register_calendar_source(name: str, *, version: Callable, components: Callable) -> CalendarSource:
    """Add (or replace, so a reloaded app does not add it twice) the source called `name`."""
    source = CalendarSource(name=name, version=version, components=components)
    _sources[name] = source
    return source


def unregister_calendar_source(name: str) -> None:
    _sources.pop(name, None)


def registered_sources() -> list[CalendarSource]:
    return list(_sources.values())


def latest(*moments: dt.datetime | None) -> dt.datetime | None:
    known = [moment for moment in moments if moment]
    return max(known) if known else None
