"""The send task: an id in, the idempotent send service, retries with backoff.

acks_late (settings) redelivers a task whose worker died; the claim makes that harmless.
The periodic sweep is in jobs.py, so the services can import this module without a circle.
"""
import smtplib

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from .forwarding import reply_forward_send
from .sending import Throttled, outbound_email_fail, outbound_email_send

# A broken connection is worth another try; an SMTP 4xx always is (Throttled).
RETRYABLE = (smtplib.SMTPException, OSError)
MAX_RETRIES = 5
# 30 s, 60 s, 120 s ... capped at 10 minutes, full jitter so a throttling server is not hit by
# every message at the same second; below the sweep's SWEEP_AFTER (services.py), so a message
# waiting for its retry is not enqueued a second time.
RETRY_BACKOFF_SECONDS = 30
RETRY_BACKOFF_MAX_SECONDS = 600


def _countdown(retries: int) -> int:
    return get_exponential_backoff_interval(RETRY_BACKOFF_SECONDS, retries, RETRY_BACKOFF_MAX_SECONDS,
                                            full_jitter=True)


# The hard limit stays below sending.CLAIM_TIMEOUT: no live worker still holds a claim the sweep takes over.
@shared_task(bind=True, name="mail.send_email", max_retries=MAX_RETRIES, soft_time_limit=60, time_limit=90)
def send_email(self, email_id: int) -> bool:
    try:
        return outbound_email_send(email_id=email_id)
    except Throttled as exc:
        if self.request.retries >= self.max_retries:
            return False  # still queued: the sweep tries again later, it never becomes a failure
        raise self.retry(exc=exc, countdown=_countdown(self.request.retries)) from exc
    except RETRYABLE as exc:
        if self.request.retries >= self.max_retries:
            outbound_email_fail(email_id=email_id, error=exc)
            return False
        raise self.retry(exc=exc, countdown=_countdown(self.request.retries)) from exc


@shared_task(bind=True, name="mail.forward_reply", max_retries=MAX_RETRIES, soft_time_limit=60, time_limit=90)
def forward_reply(self, inbound_id: int) -> bool:
    """The recruiter's copy of one reply (forwarding.py): claimed, sent, marked, so sent once."""
    try:
        return reply_forward_send(inbound_id=inbound_id)
    except RETRYABLE as exc:
        if self.request.retries >= self.max_retries:
            return False  # still pending: the sweep tries again later
        raise self.retry(exc=exc, countdown=_countdown(self.request.retries)) from exc
