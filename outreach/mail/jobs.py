"""The periodic job: registered with Celery from nurture/celery.py, scheduled in outreach/beat_schedule.py."""
from celery import shared_task

from .imap import reply_mailbox_poll
from .replies import forwards_sweep
from .services import outbound_emails_sweep


@shared_task(name="mail.sweep_emails")
def sweep_emails() -> int:
    return len(outbound_emails_sweep().requeued)


@shared_task(name="mail.poll_reply_mailbox")
def poll_reply_mailbox() -> int:
    """Forwards a broker outage left waiting, then the new mail in the reply mailbox."""
    forwards_sweep()
    return reply_mailbox_poll().imported
