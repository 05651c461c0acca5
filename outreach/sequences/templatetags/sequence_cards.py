"""The candidate page's sequence card, drawn by the sequences app so the candidates app never imports it."""
from django import template

from ..choices import EnrolmentStatus
from ..models import Enrolment

register = template.Library()

SHOWN = 5


@register.inclusion_tag("sequences/_candidate_card.html", takes_context=True)
def candidate_sequence_card(context, candidate):
    """The candidate's enrolments, active first: no query when the timeline fetched them (history.py)."""
    enrolments = getattr(candidate, "_sequence_enrolments", None)
    if enrolments is None:
        enrolments = list(Enrolment.objects.filter(candidate=candidate).select_related("sequence")
                          .order_by("-created_at")[:SHOWN])
    enrolments = sorted(enrolments, key=lambda e: e.status != EnrolmentStatus.ACTIVE)[:SHOWN]
    active = next((e for e in enrolments if e.status == EnrolmentStatus.ACTIVE), None)
    return {
        "candidate": candidate,
        "perms": context.get("perms"),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "enrolments": enrolments,
        "active": active,
    }
