"""The signed links in every email: one-click unsubscribe and the preference centre.

A token signs the candidate's random link key (never an id or an address) with a salt
per purpose, so an unsubscribe token cannot open the preference centre or the other way
round, and nothing in the URL says who it belongs to. A new link key revokes every link.
"""
import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import EmailPreferences

UNSUBSCRIBE_SALT = "mail.unsubscribe"
PREFERENCES_SALT = "mail.preferences"
# Old emails keep working for a long while: an unsubscribe link must still work when someone
# finally tires of a newsletter they kept for months.
LINK_MAX_AGE = dt.timedelta(days=400)


def _make(salt: str, payload: dict) -> str:
    return signing.dumps(payload, salt=salt, compress=True)


def _read(salt: str, token: str) -> dict | None:
    if not token or len(token) > 300:
        return None
    try:
        payload = signing.loads(token, salt=salt, max_age=LINK_MAX_AGE)
    except signing.BadSignature:  # tampered, forged, or expired (SignatureExpired is a BadSignature)
        return None
    return payload if isinstance(payload, dict) and isinstance(payload.get("k"), str) else None


def unsubscribe_token(preferences: EmailPreferences, topic: str) -> str:
    """One click unsubscribes from `topic` (from everything when it is empty)."""
    return _make(UNSUBSCRIBE_SALT, {"k": preferences.link_key, "t": topic})


def preferences_token(preferences: EmailPreferences) -> str:
    return _make(PREFERENCES_SALT, {"k": preferences.link_key})


def read_unsubscribe_token(token: str) -> tuple[EmailPreferences, str] | None:
    payload = _read(UNSUBSCRIBE_SALT, token)
    if payload is None:
        return None
    preferences = _preferences(payload["k"])
    topic = payload.get("t", "")
    return (preferences, topic if isinstance(topic, str) else "") if preferences else None


def read_preferences_token(token: str) -> EmailPreferences | None:
    payload = _read(PREFERENCES_SALT, token)
    return _preferences(payload["k"]) if payload else None


def _preferences(link_key: str) -> EmailPreferences | None:
    return EmailPreferences.objects.select_related("candidate").filter(link_key=link_key).first()


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(preferences: EmailPreferences, topic: str) -> str:
    return absolute(reverse("mail:unsubscribe", args=[unsubscribe_token(preferences, topic)]))


def preferences_url(preferences: EmailPreferences) -> str:
    return absolute(reverse("mail:preferences", args=[preferences_token(preferences)]))
