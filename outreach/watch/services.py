"""Every write of career watch: follow and unfollow a feed, claim the due ones, record each fetch.

A fetch is never retried in a loop: the beat job claims a due feed by pushing its next fetch
a lease ahead (one conditional UPDATE, so two runs never fetch it twice), and the outcome sets
the real next time: FETCH_EVERY after a success, an exponential back-off after failures
(FIRST_RETRY, doubling, at most MAX_BACKOFF). One feed failing never stops the others.
"""
import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from candidates.choices import Tier
from candidates.models import Candidate

from .fetching import FetchError, fetch_feed
from .models import Feed, FeedItem
from .parsing import NotAFeed, parse_feed

User = get_user_model()
log = logging.getLogger(__name__)

FETCH_EVERY = dt.timedelta(hours=3)
FIRST_RETRY = dt.timedelta(minutes=30)
MAX_BACKOFF = dt.timedelta(days=1)
# A claimed fetch whose worker died is taken up again after this.
LEASE = dt.timedelta(minutes=10)
BATCH = 500
MAX_FEEDS_PER_CANDIDATE = 5


class CannotFollow(Exception):
    """Why this feed cannot be followed, in the form's words."""


@transaction.atomic
def feed_follow(*, candidate: Candidate, url: str, user: User) -> Feed:
    """Follow `url` for a top-tier candidate; the next fetch run reads it (within half an hour)."""
    if candidate.tier != Tier.TOP:
        raise CannotFollow("Career watch is for top-tier candidates.")
    if Feed.objects.filter(candidate=candidate).count() >= MAX_FEEDS_PER_CANDIDATE:
        raise CannotFollow(f"{candidate} already has {MAX_FEEDS_PER_CANDIDATE} feeds; remove one first.")
    try:
        with transaction.atomic():
            return Feed.objects.create(candidate=candidate, url=url, followed_by=user)
    except IntegrityError:
        raise CannotFollow(f"{candidate} already has this feed.") from None


def feed_unfollow(*, feed: Feed) -> None:
    feed.delete()  # its items go with it


def backoff(failures: int) -> dt.timedelta:
    return min(FIRST_RETRY * 2 ** (max(failures, 1) - 1), MAX_BACKOFF)


def feeds_claim_due(*, now: dt.datetime, limit: int = BATCH) -> list[int]:
    """The feeds due now (top-tier candidates only), each claimed for one fetch by pushing it a lease ahead."""
    with transaction.atomic():
        # Rows another run holds are skipped, not waited for: that run is fetching them.
        due = list(Feed.objects.select_for_update(skip_locked=True, of=("self",))
                   .filter(next_fetch_at__lte=now, candidate__tier=Tier.TOP)
                   .order_by("next_fetch_at").values_list("pk", flat=True)[:limit])
        Feed.objects.filter(pk__in=due).update(next_fetch_at=now + LEASE)
    return due


def feed_fetch(*, feed_id: int, now: dt.datetime | None = None) -> str:
    """Fetch one feed and record what happened: "new:N", "unchanged" or "failed: why"."""
    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None:
        return "gone"  # unfollowed after it was claimed
    try:
        fetched = fetch_feed(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        parsed = parse_feed(fetched.body, content_type=fetched.content_type) if fetched.status == 200 else None
    except (FetchError, NotAFeed) as exc:
        feed_record_failure(feed=feed, error=str(exc), now=now or timezone.now())
        return f"failed: {exc}"
    except Exception as exc:  # a parser bug must not stop the feed from backing off
        log.exception("Reading feed %s failed", feed.pk)
        feed_record_failure(feed=feed, error="could not read it", now=now or timezone.now())
        return f"failed: {exc!r}"
    new = feed_record_success(feed=feed, fetched=fetched, parsed=parsed, now=now or timezone.now())
    return f"new:{new}" if parsed else "unchanged"


@transaction.atomic
def feed_record_success(*, feed: Feed, fetched, parsed, now: dt.datetime) -> int:
    """Store what a fetch brought; returns how many items it added. `parsed` is None after a 304."""
    fields = {"last_fetched_at": now, "failures": 0, "failing_since": None, "last_error": "",
              "next_fetch_at": now + FETCH_EVERY, "etag": fetched.etag, "last_modified": fetched.last_modified}
    if parsed and parsed.title:
        fields["title"] = parsed.title
    Feed.objects.filter(pk=feed.pk).update(**fields)
    if not parsed:
        return 0
    first_look = feed.last_fetched_at is None
    items = [
        FeedItem(feed=feed, guid=item.guid, title=item.title, link=item.link, found_at=now,
                 # An undated entry is news only if it appeared after we started reading the feed.
                 published_at=item.published_at or (feed.followed_at if first_look else now))
        for item in parsed.items
    ]
    existing = set(FeedItem.objects.filter(feed=feed, guid__in=[item.guid for item in items])
                   .values_list("guid", flat=True))
    FeedItem.objects.bulk_create([item for item in items if item.guid not in existing], ignore_conflicts=True)
    return len({item.guid for item in items} - existing)


@transaction.atomic
def feed_record_failure(*, feed: Feed, error: str, now: dt.datetime) -> None:
    current = Feed.objects.select_for_update().get(pk=feed.pk)
    failures = current.failures + 1
    Feed.objects.filter(pk=feed.pk).update(
        failures=F("failures") + 1, last_error=error[:300], last_fetched_at=now,
        failing_since=current.failing_since or now, next_fetch_at=now + backoff(failures),
    )
