"""The calendar link's token: a signed random key (never an id), revoked by drawing a new key.

A subscribed calendar polls the same address for years, so the token has no age limit; "reset
link" in My settings is how a recruiter cuts off a link they shared or lost.
"""
from django.conf import settings
from django.core import signing
from django.urls import reverse

from ..models import CalendarSubscription

SALT = "calendar.feed"


def calendar_token(subscription: CalendarSubscription) -> str:
    return signing.dumps({"k": subscription.key}, salt=SALT, compress=True)


def calendar_https_url(subscription: CalendarSubscription) -> str:
    path = reverse("outreach:calendar_feed", args=[calendar_token(subscription)])
    return settings.SITE_URL.rstrip("/") + path


def calendar_webcal_url(subscription: CalendarSubscription) -> str:
    """The same address as webcal://, which calendar apps open as "subscribe" rather than "download"."""
    return "webcal://" + calendar_https_url(subscription).split("://", 1)[1]


def read_calendar_token(token: str) -> CalendarSubscription | None:
    if not token or len(token) > 300:
        return None
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    key = payload.get("k") if isinstance(payload, dict) else None
    if not isinstance(key, str):
        return None
    return (CalendarSubscription.objects.select_related("user__profile")
            .filter(key=key, user__is_active=True).first())
