"""A segment's filters as one Q over candidates: for a saved segment and for the form's live count alike."""
import datetime as dt

from django.db.models import Q
from django.utils import timezone

from candidates.models import Candidate, Interview, split_skills
from candidates.querysets import any_skill_q

# The segment's filter fields, as the model and the form name them; `candidate_owners` (a
# many-to-many) reaches segment_q as "owner_ids".
FILTER_FIELDS = [
    "tiers", "stages", "got_away_reasons", "sources", "candidate_owners", "skills", "location", "topic",
    "touched_more_than_days_ago", "touched_within_days", "interviewed_for",
]


def segment_q(values: dict, *, now: dt.datetime | None = None) -> Q:
    """`values` as Segment.filter_values gives them (or a form's cleaned data in that shape)."""
    now = now or timezone.now()
    q = Q()
    if values.get("tiers"):
        q &= Q(tier__in=[int(tier) for tier in values["tiers"]])
    if values.get("stages"):
        q &= Q(stage__in=values["stages"])
    if values.get("got_away_reasons"):
        q &= Q(got_away_reason__in=values["got_away_reasons"])
    if values.get("sources"):
        q &= Q(source__in=values["sources"])
    if values.get("owner_ids"):
        q &= Q(owner_id__in=values["owner_ids"])
    # A whole tag, whatever its case: "go" finds "Go", not "Django".
    q &= any_skill_q(split_skills(values.get("skills") or ""))
    if values.get("location"):
        q &= Q(location__icontains=values["location"].strip())
    if values.get("topic"):
        # Topics are stored as a JSON list of plain words: '"events"' matches one whole entry.
        q &= ~Q(email_preferences__unsubscribed_topics__icontains=f'"{values["topic"]}"')
    if values.get("touched_more_than_days_ago") is not None:
        cutoff = now - dt.timedelta(days=values["touched_more_than_days_ago"])
        q &= Q(schedule__last_touch_at__lt=cutoff) | Q(schedule__last_touch_at__isnull=True)
    if values.get("touched_within_days") is not None:
        q &= Q(schedule__last_touch_at__gte=now - dt.timedelta(days=values["touched_within_days"]))
    if values.get("interviewed_for"):
        roles = Interview.objects.filter(role_title__icontains=values["interviewed_for"].strip())
        q &= Q(pk__in=roles.values("candidate_id"))
    return q


def matching_candidates(values: dict, *, now: dt.datetime | None = None):
    """The candidates `values` match right now: one SQL query, nothing stored."""
    return Candidate.objects.filter(segment_q(values, now=now))
