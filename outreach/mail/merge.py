"""Merge fields: {{ first_name }} and friends, filled in per candidate.

Deliberately not the Django template language: what a recruiter types is data, so a
body can never reach a template tag, a filter or an attribute lookup. Each field is
replaced once, left to right, so a value that itself looks like {{ a field }} stays text.
"""
import re

# Anything between double braces, however it is spaced.
FIELD = re.compile(r"\{\{\s*(?P<name>[^{}]*?)\s*\}\}")
# Template syntax we do not offer, and braces left unbalanced once the fields are taken out.
STRAY_SYNTAX = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
# Characters never allowed into a header, whatever a candidate's name contains.
HEADER_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")

# name -> what it becomes; shown beside the compose form.
MERGE_FIELDS = {
    "first_name": "the candidate's first name",
    "last_name": "the candidate's last name",
    "full_name": "the candidate's full name",
    "company": "where they work now",
    "title": "their current job title",
    "recruiter_name": "your full name",
    "recruiter_first_name": "your first name",
    "preferences_url": "their email preferences link",
}


def written(name: str) -> str:
    return "{{ " + name + " }}"


def merge_field_errors(text: str) -> list[str]:
    """What is wrong with the merge fields in `text`, in words for the recruiter; empty when all is well."""
    problems = []
    unknown = sorted({m["name"] for m in FIELD.finditer(text) if m["name"] not in MERGE_FIELDS})
    if unknown:
        shown = ", ".join(written(name[:40]) for name in unknown[:5])
        problems.append(
            f"Unknown merge field{'s' if len(unknown) != 1 else ''}: {shown}. "
            f"You can use: {', '.join(written(name) for name in MERGE_FIELDS)}."
        )
    if STRAY_SYNTAX.search(FIELD.sub("", text)):
        problems.append("Merge fields are written like {{ first_name }}: check for a missing or extra brace.")
    return problems


def merge_values(*, candidate, sender, preferences_url: str) -> dict[str, str]:
    first, _, last = candidate.full_name.strip().partition(" ")
    return {
        "first_name": first,
        "last_name": last.strip(),
        "full_name": candidate.full_name.strip(),
        "company": candidate.current_company,
        "title": candidate.current_title,
        "recruiter_name": sender.get_full_name() or sender.username,
        "recruiter_first_name": sender.first_name or sender.username,
        "preferences_url": preferences_url,
    }


def fill(text: str, values: dict[str, str], *, escape=None) -> str:
    """`text` with each known field replaced by its value (passed through `escape(name, value)`, if given)."""

    def value(match: re.Match) -> str:
        name = match["name"]
        if name not in values:
            return match.group(0)
        return escape(name, values[name]) if escape else values[name]

    return FIELD.sub(value, text)


MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
URL_FIELDS = {"preferences_url"}


def markdown_escape(name: str, value: str) -> str:
    """A value that Markdown shows as typed: a candidate named [x](javascript:...) stays a name.

    Our own links become autolinks (<https://...>), which also works as a link's target.
    """
    if name in URL_FIELDS:
        return f"<{value}>"
    return MARKDOWN_PUNCTUATION.sub(r"\\\1", value)


def header_safe(value: str) -> str:
    return HEADER_UNSAFE.sub(" ", value).strip()
