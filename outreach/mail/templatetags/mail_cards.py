"""The candidate page's email card, drawn by the mail app so the candidates app never imports it."""
from django import template
from django.utils import timezone

from ..models import EmailPreferences, OutboundEmail
from ..suppression import address_suppression

register = template.Library()

RECENT_EMAILS = 5


@register.inclusion_tag("mail/_candidate_card.html", takes_context=True)
def candidate_email_card(context, candidate):
    """Preferences, consent, suppression and the latest emails: three queries."""
    now = timezone.now()
    preferences = EmailPreferences.objects.filter(candidate=candidate).first()
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
