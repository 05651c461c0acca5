"""The candidate page's email card, drawn by the mail app so the candidates app never imports it."""
from django import template
from django.utils import timezone

from ..models import EmailPreferences, OutboundEmail
from ..suppression import address_suppression

register = template.Library()

RECENT_EMAILS = 5


def candidate_preferences(candidate) -> EmailPreferences | None:
    """Their preferences, or None: read once per page, however many cards ask (the relation caches it)."""
    try:
        return candidate.email_preferences
    except EmailPreferences.DoesNotExist:
        return None


@register.simple_tag
def open_to_opportunities_from(candidate):
    """The day they said, in the preference centre, they are open to roles again; None if they did not."""
    preferences = candidate_preferences(candidate)
    return preferences.open_to_opportunities_from if preferences else None


@register.inclusion_tag("mail/_candidate_card.html", takes_context=True)
def candidate_email_card(context, candidate):
    """Preferences, consent, suppression and the latest emails: three queries."""
    now = timezone.now()
    preferences = candidate_preferences(candidate)
    return {
        "candidate": candidate,
        "perms": context.get("perms"),
        "request": context.get("request"),
        "preferences": preferences,
        "paused": preferences.is_paused(now) if preferences else False,
        "suppression": address_suppression(candidate.email),
        "emails": list(OutboundEmail.objects.filter(candidate=candidate)
                       .only("pk", "kind", "subject", "status", "suppressed_reason", "created_at", "sent_at")
                       [:RECENT_EMAILS]),
    }
