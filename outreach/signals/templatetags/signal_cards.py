"""The candidate page's "Why get in touch now" card, drawn by the signals app so the candidates app never imports it."""
from django import template

from ..choices import SignalState
from ..models import Signal

register = template.Library()


@register.inclusion_tag("signals/_candidate_card.html", takes_context=True)
def candidate_signals_card(context, candidate):
    """The candidate's live signals, best first, each with its reason and a dismiss button. One query."""
    signals = list(Signal.objects.filter(candidate=candidate, state=SignalState.LIVE).order_by("-score", "-id"))
    request = context.get("request")
    return {"signals": signals, "candidate": candidate, "csrf_token": context.get("csrf_token"),
            "perms": context.get("perms"), "back_to": request.get_full_path() if request else ""}
