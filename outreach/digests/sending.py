"""Sending one digest: claim it, hand it to SMTP, mark it; or hand it back for a retry.

Deliberately apart from queueing (services.py): this is what the worker runs, and
it must not import the task module that queueing enqueues.
"""
import datetime as dt

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F, Q
from django.utils import timezone

from ..models import Digest, DigestStatus
from .content import digest_message

# A "sending" claim older than this belongs to a worker that died mid-send (SIGKILL, OOM):
# the sweep hands it to another. The send task is killed after SEND_TIME_LIMIT_SECONDS, well
# inside this, so a slow but live worker is never overtaken.
CLAIM_TIMEOUT = dt.timedelta(minutes=5)
SMTP_TIMEOUT_SECONDS = 60
SEND_TIME_LIMIT_SECONDS = 150


def _claim(*, digest_id: int, now: dt.datetime) -> bool:
    # One UPDATE decides who sends: the database serialises two workers racing
    # for the same row, and only one sees a row count of 1.
    claimable = Q(status=DigestStatus.PENDING) | Q(status=DigestStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    claimed = Digest.objects.filter(claimable, pk=digest_id).update(
        status=DigestStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    return claimed == 1


def digest_send(*, digest_id: int) -> bool:
    """Send the digest email unless it is already sent or being sent; True when this call sent it.

    Deliberately not one transaction: the claim must be committed before SMTP
    is called so that other workers see it, and the "sent" mark must be
    committed the moment SMTP has accepted the message.
    """
    now = timezone.now()
    if not _claim(digest_id=digest_id, now=now):
        return False
    digest = Digest.objects.select_related("recipient__profile").get(pk=digest_id)
    try:
        message = digest_message(digest)
        # A hung SMTP server must fail well inside CLAIM_TIMEOUT.
        message.connection = get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", None) or SMTP_TIMEOUT_SECONDS)
        message.send()
    except Exception as exc:
        # Hand the digest back so the retry (or the sweep) can claim it again.
        Digest.objects.filter(pk=digest_id, status=DigestStatus.SENDING).update(
            status=DigestStatus.PENDING, claimed_at=None, enqueued_at=timezone.now(), last_error=repr(exc)[:2000]
        )
        raise
    Digest.objects.filter(pk=digest_id).update(status=DigestStatus.SENT, sent_at=timezone.now(), last_error="")
    return True


def digest_fail(*, digest_id: int, error: BaseException | str) -> None:
    """Give up on a digest after its last retry; the error shows in the admin."""
    text = error if isinstance(error, str) else repr(error)
    Digest.objects.filter(pk=digest_id).exclude(status=DigestStatus.SENT).update(
        status=DigestStatus.FAILED, claimed_at=None, last_error=text[:2000]
    )
