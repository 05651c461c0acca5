"""The signed links of events: each invitee's RSVP page, and a recruiter's calendar feed.

The same rules as the preference centre (outreach/mail/tokens.py): a token signs a random
key (never an id or an address) with a salt per purpose; a new key revokes the link.
"""
import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import CalendarFeed, Invitation

RSVP_SALT = "events.rsvp"
FEED_SALT = "events.feed"
RSVP_MAX_AGE = dt.timedelta(days=400)


def _read(salt: str, token: str, max_age=None) -> str | None:
    if not token or len(token) > 300:
        return None
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # tampered, forged, or expired
        return None
    key = payload.get("k") if isinstance(payload, dict) else None
    return key if isinstance(key, str) else None


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def rsvp_token(invitation: Invitation) -> str:
    return signing.dumps({"k": invitation.key}, salt=RSVP_SALT, compress=True)


def rsvp_url(invitation: Invitation, answer: str = "") -> str:
    url = absolute(reverse("events:rsvp", args=[rsvp_token(invitation)]))
    return f"{url}?answer={answer}" if answer else url


def read_rsvp_token(token: str) -> Invitation | None:
    key = _read(RSVP_SALT, token, max_age=RSVP_MAX_AGE)
    if key is None:
        return None
    return Invitation.objects.select_related("event", "candidate").filter(key=key).first()


def feed_url(feed: CalendarFeed) -> str:
    token = signing.dumps({"k": feed.key}, salt=FEED_SALT, compress=True)
    return absolute(reverse("events:feed", args=[token]))


def read_feed_token(token: str) -> CalendarFeed | None:
    # No max age: a subscribed calendar keeps polling for years; revoking is by a new key.
    key = _read(FEED_SALT, token)
    return CalendarFeed.objects.select_related("user").filter(key=key, user__is_active=True).first() if key else None
