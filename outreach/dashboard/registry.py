"""Sections other apps add to the manager dashboard, after the core's own.

The core never imports a nested app (docs/architecture.md): a nested app that has figures for
managers (newsletter reach, event attendance, ...) registers a builder here from its
AppConfig.ready(). A builder has the core builders' signature, `builder(f, data) -> Section`,
and runs a fixed handful of aggregate queries for the filters `f`. The page renders each
registered section with its own partial template; the tables it names get CSV downloads like
the core's, under the same filters.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RegisteredSection:
    name: str
    builder: Callable
    template: str
    tables: tuple[str, ...]


_sections: dict[str, RegisteredSection] = {}


# Renders facts["title"], facts["badge"], facts["summary"], then the charts and tables in order.
GENERIC_TEMPLATE = "outreach/dashboard/_section.html"


def register_dashboard_section(name: str, builder: Callable, *, template: str = GENERIC_TEMPLATE,
                               tables: Iterable[str] = ()) -> RegisteredSection:
    """Add (or replace, so a reloaded app does not add it twice) a section called `name`.

    Its facts need an "anchor" (the section's id on the page) and a "title" when it uses the
    generic template.
    """
    section = RegisteredSection(name=name, builder=builder, template=template, tables=tuple(tables))
    _sections[name] = section
    return section


def registered_sections() -> list[RegisteredSection]:
    return list(_sections.values())


def unregister_dashboard_section(name: str) -> None:
    _sections.pop(name, None)


def section_for_table(table: str) -> RegisteredSection | None:
    """The registered section whose CSV table this is, if any."""
    return next((section for section in _sections.values() if table in section.tables), None)
