"""The task services enqueue for each digest: send it, retrying SMTP hiccups with back-off.

Its name is kept from before digests had a package of their own, so messages
already queued under that name still run after an upgrade.
"""
import smtplib

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from .sending import SEND_TIME_LIMIT_SECONDS, digest_fail, digest_send

# SMTP hiccups and network errors are worth another try; anything else is a bug.
RETRYABLE = (smtplib.SMTPException, OSError)
DIGEST_MAX_RETRIES = 5
# 30 s, 60 s, 120 s ... capped at 10 minutes, with full jitter so a flapping SMTP
# server is not hit by every digest at the same second. The cap stays far below
# the Redis visibility timeout (1 hour), past which a waiting retry would be
# delivered a second time.
RETRY_BACKOFF_SECONDS = 30
RETRY_BACKOFF_MAX_SECONDS = 600


# The hard limit keeps a hung send well inside the claim timeout; the soft one lets it hand the digest back first.
@shared_task(bind=True, max_retries=DIGEST_MAX_RETRIES, name="outreach.tasks.send_digest",
             soft_time_limit=SEND_TIME_LIMIT_SECONDS - 30, time_limit=SEND_TIME_LIMIT_SECONDS)
def send_digest(self, digest_id: int) -> bool:
    try:
        return digest_send(digest_id=digest_id)
    except RETRYABLE as exc:
        if self.request.retries >= self.max_retries:
            digest_fail(digest_id=digest_id, error=exc)
            return False
        countdown = get_exponential_backoff_interval(
            RETRY_BACKOFF_SECONDS, self.request.retries, RETRY_BACKOFF_MAX_SECONDS, full_jitter=True
        )
        raise self.retry(exc=exc, countdown=countdown) from exc
    except Exception as exc:
        digest_fail(digest_id=digest_id, error=exc)
        raise
