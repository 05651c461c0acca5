"""The candidate page's sequence card, drawn by the sequences app so the candidates app never imports it."""
from django import template

from ..models import Enrolment, Sequence

register = template.Library()

SHOWN = 5


@register.inclusion_tag("sequences/_candidate_card.html", takes_context=True)
def candidate_sequence_card(context, candidate):
    """The candidate's enrolments (active first) and the sequences to enrol them in: two queries."""
    enrolments = list(Enrolment.objects.filter(candidate=candidate).select_related("sequence")
                      .order_by("status", "-created_at")[:SHOWN])
    active = next((e for e in enrolments if e.status == "active"), None)
    return {
        "candidate": candidate,
        "perms": context.get("perms"),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "enrolments": enrolments,
        "active": active,
        "sequences": [] if active else list(Sequence.objects.filter(steps__is_active=True).distinct()
                                             .order_by("name").only("pk", "name")),
    }
