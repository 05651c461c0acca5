"""Moving an issue along in tests without the task queue: schedule it (recipients materialised), then send."""
from django.utils import timezone

from outreach.newsletters.choices import NewsletterStatus
from outreach.newsletters.materialise import recipients_materialise


def start(newsletter, now=None):
    """What newsletter_start does, minus enqueueing: the test runs the sender itself."""
    now = now or timezone.now()
    recipients_materialise(newsletter=newsletter, now=now)
    newsletter.status = NewsletterStatus.SENDING
    newsletter.started_at = now
    newsletter.save(update_fields=["status", "started_at", "updated_at"])
    return newsletter
