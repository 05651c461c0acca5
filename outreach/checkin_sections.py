"""Sections other apps add to My check-ins, above the check-in lists.

The core never imports a nested app: one with something the recruiter should act on today
(a sequence's call to make, a candidate who replied) registers a builder here from its
AppConfig.ready(). A builder takes the recruiter and the time and returns the rows to show,
in a query or two; a section with no rows is not drawn at all.
"""
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CheckinSection:
    name: str
    title: str
    builder: Callable  # builder(*, user, now) -> list of rows the template reads
    template: str  # rendered with `section` and `rows`
    order: int = 100


@dataclass(frozen=True)
class FilledSection:
    section: CheckinSection
    rows: list


_sections: dict[str, CheckinSection] = {}


def register_checkin_section(name: str, builder: Callable, *, title: str, template: str,
                             order: int = 100) -> CheckinSection:
    """Add (or replace, so a reloaded app does not add it twice) the section called `name`."""
    section = CheckinSection(name=name, title=title, builder=builder, template=template, order=order)
    _sections[name] = section
    return section


def unregister_checkin_section(name: str) -> None:
    _sections.pop(name, None)


def checkin_sections(*, user, now) -> list[FilledSection]:
    """The registered sections with rows for `user`, in their order."""
    filled = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.name)):
        rows = list(section.builder(user=user, now=now))
        if rows:
            filled.append(FilledSection(section=section, rows=rows))
    return filled
