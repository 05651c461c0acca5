"""The candidate page's Career watch card, drawn by the watch app so the candidates app never imports it."""
from django import template
from django.db.models import F

from candidates.choices import Tier

from ..forms import FeedForm
from ..models import Feed, FeedItem

register = template.Library()

LATEST = 8


@register.inclusion_tag("watch/_candidate_card.html", takes_context=True)
def candidate_watch_card(context, candidate):
    """Top-tier candidates only: their feeds with how each is doing, and the latest news. Two queries."""
    shown = candidate.tier == Tier.TOP
    feeds = list(Feed.objects.filter(candidate=candidate)) if shown else []
    items = list(FeedItem.objects.filter(feed__candidate=candidate, published_at__gt=F("feed__followed_at"))
                 .select_related("feed").order_by("-published_at", "-id")[:LATEST]) if feeds else []
    return {
        "shown": shown, "candidate": candidate, "feeds": feeds, "items": items, "form": FeedForm(),
        "perms": context.get("perms"), "csrf_token": context.get("csrf_token"),
    }
