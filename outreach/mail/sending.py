"""Sending one candidate email exactly once: claim, read suppression, send, mark.

How "exactly once" holds together (the digests' pattern):
- the row exists before anything is enqueued, created in the caller's transaction;
- sending first claims it with a conditional UPDATE (queued -> sending, or a dead
  worker's claim older than CLAIM_TIMEOUT); only the worker whose UPDATE matched goes on,
  so a duplicate task, a redelivery or a second worker finds nothing to do;
- suppression is read after the claim, at send time, so an unsubscribe or a bounce since
  the message was written is honoured;
- the row is marked sent (and the touch point logged) the moment SMTP accepts it.
The one gap: a worker dying between SMTP accepting the message and that mark. The sweep
then sends it again after CLAIM_TIMEOUT; one rare duplicate beats a silently lost email.

This module never imports the tasks (they import it); enqueueing lives in services.py.
"""
import datetime as dt
import logging
import smtplib
import threading
import time

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from candidates.models import FeedbackSharedVia
from outreach.choices import TouchKind
from outreach.services import FeedbackAlreadyShared, feedback_share, touch_point_log

from .choices import MailKind, MailStatus
from .message import email_message
from .models import EmailPreferences, OutboundEmail
from .sources import content_source_for
from .suppression import suppression_reason

logger = logging.getLogger(__name__)

# A "sending" claim older than this belongs to a worker that died mid-send: above the send
# task's hard time limit (tasks.py), so a slow but live worker is never overtaken, and short
# enough that the sweep (every minute) recovers the message within five minutes.
CLAIM_TIMEOUT = dt.timedelta(minutes=3)
SMTP_TIMEOUT_SECONDS = 20
# A busy worker keeps its SMTP connection open between messages (no connect, EHLO and QUIT
# for each); one idle longer than this is closed and opened afresh rather than trusted,
# since servers drop idle connections after a minute or so.
SMTP_REUSE_SECONDS = 10
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


class Throttled(Exception):
    """The server said "not now" (an SMTP 4xx): try again later; never a failure."""


def _smtp_code(exc: Exception) -> int | None:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return max(codes) if codes else None
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code
    return None


class _Connections(threading.local):
    backend = None
    key = None
    used_at = 0.0


_connections = _Connections()


def _smtp_connection():
    """This worker's open connection to the mail server, reused while it is busy (see SMTP_REUSE_SECONDS).

    Only an SMTP connection is kept; other backends (files on a laptop, memory in tests) get
    a fresh one per message, so each message stays its own file.
    """
    timeout = getattr(settings, "EMAIL_TIMEOUT", None) or SMTP_TIMEOUT_SECONDS
    if settings.EMAIL_BACKEND != SMTP_BACKEND:
        return get_connection(timeout=timeout)
    key = (settings.EMAIL_BACKEND, getattr(settings, "EMAIL_HOST", ""), getattr(settings, "EMAIL_PORT", None),
           getattr(settings, "EMAIL_HOST_USER", ""))
    now = time.monotonic()
    if _connections.backend is not None and (_connections.key != key
                                             or now - _connections.used_at > SMTP_REUSE_SECONDS):
        _drop_connection()
    if _connections.backend is None:
        backend = get_connection(timeout=timeout)
        backend.open()  # kept open: send_messages leaves a connection it did not open itself alone
        _connections.backend, _connections.key = backend, key
    _connections.used_at = now
    return _connections.backend


def _drop_connection() -> None:
    backend, _connections.backend = _connections.backend, None
    if backend is not None:
        try:
            backend.close()
        except Exception:  # closing a broken connection: nothing more to do with it
            logger.debug("Closing the SMTP connection failed", exc_info=True)


def _claim(*, email_id: int, now: dt.datetime) -> bool:
    # One UPDATE decides who sends: the database serialises two workers racing for the
    # same row, and only one sees a row count of 1.
    claimable = Q(status=MailStatus.QUEUED) | Q(status=MailStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    claimed = OutboundEmail.objects.filter(claimable, pk=email_id).update(
        status=MailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    return claimed == 1


def _finish(email_id: int, status: str, **fields) -> None:
    OutboundEmail.objects.filter(pk=email_id, status=MailStatus.SENDING).update(
        status=status, claimed_at=None, finished_at=timezone.now(), **fields
    )


def outbound_email_send(*, email_id: int, connection=None) -> bool:
    """Send the email unless it is sent, being sent, or suppressed; True when this call sent it.

    Raises Throttled on an SMTP 4xx and the SMTP/network error on a broken connection, with
    the row handed back (queued) for the task's retry or the sweep. An SMTP 5xx is final:
    the row is failed. Deliberately not one transaction: the claim must be committed before
    SMTP is called, and "sent" the moment SMTP has accepted the message.
    """
    now = timezone.now()
    if not _claim(email_id=email_id, now=now):
        return False
    email = OutboundEmail.objects.select_related("candidate__email_preferences", "sender").get(pk=email_id)
    try:
        preferences = email.candidate.email_preferences
    except EmailPreferences.DoesNotExist:  # a row made outside the services
        preferences, _ = EmailPreferences.objects.get_or_create(candidate=email.candidate)
    reason = suppression_reason(
        candidate=email.candidate, kind=email.kind, topic=email.topic, preferences=preferences,
        to_email=email.to_email, now=now, exclude_email_id=email.pk,
    )
    if reason:
        _finish(email_id, MailStatus.SUPPRESSED, suppressed_reason=reason)
        logger.info("Email %s not sent: %s", email_id, reason)
        return False
    build = content_source_for(email.batch_key) if email.batch_key and not email.body_html else None
    try:
        if build is not None:
            # A bulk sender's row, rendered at send time (sources.py).
            email.subject, email.body_text, email.body_html = build(email, preferences)
        message = email_message(email, preferences=preferences, connection=connection or _smtp_connection())
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        if connection is None:
            _drop_connection()  # after an error the conversation is in no known state: start afresh
        code = _smtp_code(exc)
        if code is not None and 500 <= code < 600:
            _finish(email_id, MailStatus.FAILED, last_error=repr(exc)[:2000])
            return False
        _release(email_id, exc)
        if code is not None and 400 <= code < 500:
            raise Throttled(repr(exc)) from exc
        raise
    except Exception as exc:
        # A bug, not the network: keep the row and the error for the admin, then let it surface.
        _finish(email_id, MailStatus.FAILED, last_error=repr(exc)[:2000])
        raise
    _mark_sent(email, provider_message_id=_provider_id(message))
    return True


def _release(email_id: int, exc: BaseException) -> None:
    """Hand the row back so the retry (or the sweep) can claim it again."""
    OutboundEmail.objects.filter(pk=email_id, status=MailStatus.SENDING).update(
        status=MailStatus.QUEUED, claimed_at=None, enqueued_at=timezone.now(), last_error=repr(exc)[:2000]
    )


def _provider_id(message) -> str:
    status = getattr(message, "anymail_status", None)
    return (getattr(status, "message_id", None) or "")[:250] if status else ""


@transaction.atomic
def _mark_sent(email: OutboundEmail, *, provider_message_id: str) -> None:
    sent_at = timezone.now()
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=MailStatus.SENT, sent_at=sent_at, claimed_at=None, last_error="",
        provider_message_id=provider_message_id,
    )
    if email.includes_privacy_notice:
        EmailPreferences.objects.filter(candidate=email.candidate, privacy_notice_sent_at__isnull=True).update(
            privacy_notice_sent_at=sent_at
        )
    if email.kind == MailKind.PERSONAL:
        # A personal note is a touch: it moves the check-in cadence on.
        touch_point_log(candidate=email.candidate, kind=TouchKind.EMAIL, occurred_at=sent_at, author=email.sender,
                        summary=f"Email: {email.subject}")
    elif email.kind == MailKind.FEEDBACK and email.feedback_id:
        try:
            feedback_share(feedback=email.feedback, via=FeedbackSharedVia.EMAIL, shared_at=sent_at,
                           shared_by=email.sender)
        except FeedbackAlreadyShared:
            # Shared another way while this email waited: the scorecard keeps its first share.
            logger.info("Feedback %s was already shared when email %s went out", email.feedback_id, email.pk)


def outbound_email_fail(*, email_id: int, error: BaseException | str) -> None:
    """Give up after the last retry; the error shows in the admin, where it can be sent again."""
    text = error if isinstance(error, str) else repr(error)
    OutboundEmail.objects.filter(pk=email_id, status__in=[MailStatus.QUEUED, MailStatus.SENDING]).update(
        status=MailStatus.FAILED, claimed_at=None, finished_at=timezone.now(), last_error=text[:2000]
    )
