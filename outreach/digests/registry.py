"""Sections other apps add to the recruiter's daily digest, after the check-ins.

The core never imports a nested app: a nested app with something a recruiter should see in
the morning (a newsletter issue waiting for approval, a sequence task, a reply) registers a
builder here from its AppConfig.ready(). A builder takes every recruiter whose digest is being
written now and returns their rows in a few queries, `{user id: [row, ...]}`; rows must be
JSON-serialisable, since the digest stores what it will send. A recruiter with no check-in
due but rows in a section still gets a digest; one with nothing anywhere gets none.
"""
from collections.abc import Callable
from dataclasses import dataclass

# The generic templates: the section's title, then each row's "text", linked to its "url" if it has one.
GENERIC_HTML = "emails/_digest_section.html"
GENERIC_TXT = "emails/_digest_section.txt"


@dataclass(frozen=True)
class DigestSection:
    name: str
    title: str
    builder: Callable  # builder(*, recipients: list[User], now: datetime) -> dict[int, list[dict]]
    # A few words for the subject line, from the rows: "1 newsletter issue to approve".
    summary: Callable[[list[dict]], str]
    template_html: str  # rendered with `rows` and `section` in the context
    template_txt: str


_sections: dict[str, DigestSection] = {}


def register_digest_section(name: str, builder: Callable, *, title: str, summary: Callable[[list[dict]], str],
                            template_html: str = GENERIC_HTML, template_txt: str = GENERIC_TXT) -> DigestSection:
    """Add (or replace, so a reloaded app does not add it twice) a section called `name`."""
    section = DigestSection(name=name, title=title, builder=builder, summary=summary, template_html=template_html,
                            template_txt=template_txt)
    _sections[name] = section
    return section


def unregister_digest_section(name: str) -> None:
    _sections.pop(name, None)


def registered_sections() -> list[DigestSection]:
    return list(_sections.values())


def section_named(name: str) -> DigestSection | None:
    return _sections.get(name)
