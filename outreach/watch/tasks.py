"""Career watch's jobs: the beat job claims the due feeds, one task per feed fetches it."""
from celery import shared_task
from django.utils import timezone

from .services import feed_fetch, feeds_claim_due


@shared_task(name="watch.fetch_due_feeds")
def fetch_due_feeds() -> int:
    claimed = feeds_claim_due(now=timezone.now())
    for feed_id in claimed:
        fetch_one_feed.delay(feed_id)
    return len(claimed)


# Well past the fetch's own 30 s deadline; a claimed feed whose task died is due again after the lease.
@shared_task(name="watch.fetch_feed", soft_time_limit=90, time_limit=120)
def fetch_one_feed(feed_id: int) -> str:
    return feed_fetch(feed_id=feed_id)
