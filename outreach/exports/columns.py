"""What an export holds: one row per candidate, read in one query with a server-side cursor."""
from collections.abc import Iterator

from candidates.choices import GotAwayReason, Source, Stage, Tier

CHUNK = 2000
# (header, value path, how to show it)
COLUMNS = [
    ("ID", "id", None), ("Name", "full_name", None), ("Email", "email", None), ("Phone", "phone", None),
    ("LinkedIn", "linkedin_url", None), ("GitHub", "github_url", None), ("Website", "portfolio_url", None),
    ("Location", "location", None), ("Headline", "headline", None), ("Skills", "skills", None),
    ("Company", "current_company", None), ("Job title", "current_title", None),
    ("Tier", "tier", dict(Tier.choices)), ("Stage", "stage", dict(Stage.choices)),
    ("Source", "source", dict(Source.choices)), ("Why they got away", "got_away_reason", dict(GotAwayReason.choices)),
    ("Got away on", "got_away_on", None),
    ("Pay currency", "expected_pay_currency", None), ("Expected pay", "expected_pay", None),
    ("Follow up on", "follow_up_on", None), ("Open to relocation", "open_to_relocation", None),
    ("Open to remote", "open_to_remote", None), ("Do not contact", "do_not_contact", None),
    ("Owner", "owner__username", None), ("Next check-in", "schedule__next_due_at", None),
    ("Last touch", "schedule__last_touch_at", None), ("Added", "created_at", None),
]
HEADERS = [header for header, _, _ in COLUMNS]
# A cell a spreadsheet would run as a formula ("=HYPERLINK(...)") is prefixed so it stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value, labels):
    if labels is not None:
        return labels.get(value, value or "")
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        # Skill tags, one cell as a person would type them: "Python, Django".
        return ", ".join(str(item) for item in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def safe_text(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_rows(queryset) -> Iterator[list]:
    """The rows, a chunk at a time: 1,000,000 candidates never sit in memory together."""
    paths = [path for _, path, _ in COLUMNS]
    for values in queryset.values_list(*paths).iterator(chunk_size=CHUNK):
        yield [safe_text(_cell(value, labels)) for value, (_, _, labels) in zip(values, COLUMNS, strict=True)]
