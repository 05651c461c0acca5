"""The send task: an issue's id in, a run of the idempotent batch sender, then come back if needed.

acks_late (settings) redelivers the task when its worker dies; the claims make that
harmless. An SMTP 4xx (Throttled) or a broken connection backs off exponentially and
tries again, however long the server wants: a throttled issue is late, never failed.
"""
import smtplib

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from outreach.mail.sending import Throttled

from .sending import RUN_SECONDS, newsletter_send_some, throttled_note

BACKOFF_SECONDS = 15
BACKOFF_MAX_SECONDS = 600


# The hard limit stays well below sending.STALE_CLAIM: no live run holds claims anyone takes over.
@shared_task(bind=True, name="newsletters.send_newsletter", max_retries=None,
             soft_time_limit=RUN_SECONDS + 45, time_limit=RUN_SECONDS + 75)
def send_newsletter(self, newsletter_id: int) -> int:
    try:
        run = newsletter_send_some(newsletter_id=newsletter_id)
    except (Throttled, smtplib.SMTPException, OSError) as exc:
        countdown = get_exponential_backoff_interval(BACKOFF_SECONDS, self.request.retries, BACKOFF_MAX_SECONDS,
                                                     full_jitter=False)
        throttled_note(newsletter_id=newsletter_id, seconds=countdown)
        raise self.retry(exc=exc, countdown=countdown) from exc
    if run.more:
        send_newsletter.apply_async((newsletter_id,), countdown=run.wait)
    return run.sent
