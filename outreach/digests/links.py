"""The one-click links in a recruiter's daily digest: "Logged it" and "Snooze a week".

Each link is signed (django.core.signing, a salt of its own) and binds everything the click
may do: whose digest it was, which candidate, which action, and the check-in as the digest
saw it (its due moment). It is no good to anyone else: the page needs the same recruiter
signed in. A link older than LINK_MAX_AGE, tampered with, or for a check-in that has moved
on since the digest, does nothing. Following a link only shows a confirmation page, since
mail scanners open every link in an email; the button on that page does the work.
"""
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core import signing
from django.db.models import TextChoices
from django.urls import reverse

SALT = "digests.one-click"
LINK_MAX_AGE = dt.timedelta(days=14)


class DigestAction(TextChoices):
    LOGGED = "logged", "Logged it"
    SNOOZE = "snooze", "Snooze a week"


@dataclass(frozen=True)
class DigestLink:
    user_id: int
    candidate_id: int
    action: str
    due_at: int  # the check-in's next_due_at as the digest saw it, in Unix seconds
    token: str

    @property
    def token_hash(self) -> str:
        return hashlib.sha256(self.token.encode()).hexdigest()


def due_stamp(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def digest_link_token(*, user_id: int, candidate_id: int, action: str, due_at: dt.datetime) -> str:
    payload = {"u": user_id, "c": candidate_id, "a": action, "d": due_stamp(due_at)}
    return signing.dumps(payload, salt=SALT, compress=True)


def digest_link_path(*, user_id: int, candidate_id: int, action: str, due_at: dt.datetime) -> str:
    token = digest_link_token(user_id=user_id, candidate_id=candidate_id, action=action, due_at=due_at)
    return reverse("outreach:digest_action", args=[token])


def digest_link_paths(*, user_id: int) -> Callable[..., str]:
    """digest_link_path for the hundred links of one digest, with the route reversed once.

    A token is URL-safe base64 and colons, which reverse() leaves as they are."""
    marker = "token"
    before, after = reverse("outreach:digest_action", args=[marker]).split(marker)

    def path(*, candidate_id: int, action: str, due_at: dt.datetime) -> str:
        token = digest_link_token(user_id=user_id, candidate_id=candidate_id, action=action, due_at=due_at)
        return f"{before}{token}{after}"

    return path


class LinkExpired(Exception):
    """Signed by us, but older than LINK_MAX_AGE."""


def digest_link_read(token: str) -> DigestLink | None:
    """The link's contents; None when it is not one of ours. Raises LinkExpired when it is too old."""
    if not token or len(token) > 300:
        return None
    try:
        payload = signing.loads(token, salt=SALT, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    user_id, candidate_id, action, due_at = (payload.get(key) for key in ("u", "c", "a", "d"))
    if action not in DigestAction.values or not all(isinstance(v, int) for v in (user_id, candidate_id, due_at)):
        return None
    return DigestLink(user_id=user_id, candidate_id=candidate_id, action=action, due_at=due_at, token=token)
