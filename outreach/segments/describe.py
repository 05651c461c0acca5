"""A segment's filters in words, for the list, the detail page and the newsletter form."""
from candidates.choices import GotAwayReason, Source, Stage, Tier
from candidates.forms import person_name
from outreach.mail.choices import Topic


def _either(labels: list[str]) -> str:
    labels = [str(label) for label in labels]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def describe_filters(segment) -> list[str]:
    """['Top or Warm tier', 'Got away: Compensation gap', 'Last touch more than 90 days ago', ...]."""
    parts = []
    if segment.tiers:
        parts.append(f"{_either([Tier(int(t)).label for t in segment.tiers])} tier")
    if segment.stages:
        parts.append(f"Stage: {_either([Stage(s).label for s in segment.stages])}")
    if segment.got_away_reasons:
        parts.append(f"Got away: {_either([GotAwayReason(r).label for r in segment.got_away_reasons])}")
    if segment.sources:
        parts.append(f"Source: {_either([Source(s).label for s in segment.sources])}")
    owners = list(segment.candidate_owners.all()) if segment.pk else []
    if owners:
        parts.append(f"Owned by {_either(sorted(person_name(user) for user in owners))}")
    if segment.skills:
        parts.append(f"Skills: {_either(segment.skills.split(', '))}")
    if segment.location:
        parts.append(f"Location contains “{segment.location}”")
    if segment.topic:
        parts.append(f"Opted into {Topic(segment.topic).label.split(':')[0].lower()}")
    if segment.touched_more_than_days_ago:
        parts.append(f"Last touch more than {segment.touched_more_than_days_ago} days ago (or never)")
    if segment.touched_within_days:
        parts.append(f"Last touch within {segment.touched_within_days} days")
    if segment.interviewed_for:
        parts.append(f"Interviewed for a role like “{segment.interviewed_for}”")
    return parts or ["Every candidate"]
