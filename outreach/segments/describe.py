"""A segment's filters in words, for the list, the detail page and the newsletter form."""
from candidates.choices import GotAwayReason, Source, Stage, Tier
from candidates.forms import person_name
from outreach.mail.choices import Topic


def _either(labels) -> str:
    labels = [str(label) for label in labels]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


# Multiple-choice filters: field, its choices, and the words around the chosen labels.
_CHOICE_FILTERS = [
    ("tiers", lambda value: Tier(int(value)).label, "{} tier"),
    ("stages", lambda value: Stage(value).label, "Stage: {}"),
    ("got_away_reasons", lambda value: GotAwayReason(value).label, "Got away: {}"),
    ("sources", lambda value: Source(value).label, "Source: {}"),
]
# Single-value filters: field and the sentence it makes.
_VALUE_FILTERS = [
    ("skills", lambda value: f"Skills: {_either(value.split(', '))}"),
    ("location", lambda value: f"Location contains “{value}”"),
    ("topic", lambda value: f"Opted into {Topic(value).label.split(':')[0].lower()}"),
    ("touched_more_than_days_ago", lambda value: f"Last touch more than {value} days ago (or never)"),
    ("touched_within_days", lambda value: f"Last touch within {value} days"),
    ("interviewed_for", lambda value: f"Interviewed for a role like “{value}”"),
]


def describe_filters(segment) -> list[str]:
    """['Top or Warm tier', 'Got away: Compensation gap', 'Last touch more than 90 days ago', ...]."""
    parts = [template.format(_either(label(v) for v in getattr(segment, name)))
             for name, label, template in _CHOICE_FILTERS if getattr(segment, name)]
    owners = list(segment.candidate_owners.all()) if segment.pk else []
    if owners:
        parts.append(f"Owned by {_either(sorted(person_name(user) for user in owners))}")
    parts += [sentence(getattr(segment, name)) for name, sentence in _VALUE_FILTERS if getattr(segment, name)]
    return parts or ["Every candidate"]
