"""Reading feeds from a real local HTTP server: conditional GET, broken and huge feeds, SSRF, back-off."""
import datetime as dt

import pytest
from django.utils import timezone

from outreach.watch import fetching
from outreach.watch.fetching import FetchError, fetch_feed
from outreach.watch.models import Feed, FeedItem
from outreach.watch.services import FIRST_RETRY, feed_fetch, feed_follow, feeds_claim_due
from outreach.watch.tasks import fetch_due_feeds

from .feed_server import Route, atom

pytestmark = pytest.mark.django_db
FOLLOWED = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
FEED = atom(("post-1", "Scaling Postgres", "2026-03-02T09:00:00Z"),
            ("post-0", "An old talk", "2026-02-20T09:00:00Z"))


def _follow(candidate, user, url) -> Feed:
    feed = feed_follow(candidate=candidate, url=url, user=user)
    Feed.objects.filter(pk=feed.pk).update(followed_at=FOLLOWED)
    return Feed.objects.get(pk=feed.pk)


def test_a_feed_is_read_then_asked_again_with_its_etag_and_a_304_changes_nothing(feed_server, ada, recruiter):
    feed_server.routes["/feed.xml"] = Route(body=FEED, etag='"v1"', headers={"Content-Type": "application/atom+xml"})
    feed = _follow(ada, recruiter, feed_server.url("/feed.xml"))
    assert feed_fetch(feed_id=feed.pk) == "new:2"
    feed.refresh_from_db()
    assert feed.etag == '"v1"' and feed.title == "Ada's blog" and feed.failures == 0
    item = FeedItem.objects.get(guid="post-1")
    assert item.title == "Scaling Postgres" and item.link == "https://ada.dev/post-1"
    assert item.published_at == dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)

    assert feed_fetch(feed_id=feed.pk) == "unchanged"
    assert feed_server.requests[-1]["headers"]["If-None-Match"] == '"v1"'
    assert FeedItem.objects.filter(feed=feed).count() == 2
    feed.refresh_from_db()
    assert feed.next_fetch_at > timezone.now() + dt.timedelta(hours=2)


def test_last_modified_is_sent_back_as_if_modified_since(feed_server, ada, recruiter):
    stamp = "Mon, 02 Mar 2026 09:00:00 GMT"
    feed_server.routes["/rss"] = Route(body=FEED, headers={"Last-Modified": stamp})
    feed = _follow(ada, recruiter, feed_server.url("/rss"))
    feed_fetch(feed_id=feed.pk)
    feed_fetch(feed_id=feed.pk)
    assert feed_server.requests[-1]["headers"]["If-Modified-Since"] == stamp


def test_a_broken_feed_is_recorded_with_its_reason_and_backs_off(feed_server, ada, recruiter):
    feed_server.routes["/feed.xml"] = Route(body=b"<html><body>Oops, our CMS is down</body></html>",
                                            headers={"Content-Type": "text/html"})
    feed = _follow(ada, recruiter, feed_server.url("/feed.xml"))
    before = timezone.now()
    assert feed_fetch(feed_id=feed.pk).startswith("failed: not a feed")
    feed.refresh_from_db()
    assert feed.failures == 1 and feed.last_error.startswith("not a feed") and feed.failing_since >= before
    assert before + FIRST_RETRY <= feed.next_fetch_at <= timezone.now() + FIRST_RETRY
    assert not FeedItem.objects.exists()


def test_a_404_says_what_the_site_answered(feed_server, ada, recruiter):
    feed = _follow(ada, recruiter, feed_server.url("/gone.xml"))
    assert feed_fetch(feed_id=feed.pk) == "failed: the site answered 404 Not Found"


@pytest.mark.parametrize("declared", [True, False], ids=["with Content-Length", "streamed"])
def test_a_10_mb_feed_is_refused_without_reading_it_all(feed_server, ada, recruiter, declared):
    if declared:
        feed_server.routes["/big.xml"] = Route(body=b"x" * (10 * 1024 * 1024))
    else:
        feed_server.routes["/big.xml"] = Route(stream_bytes=10 * 1024 * 1024)
    feed = _follow(ada, recruiter, feed_server.url("/big.xml"))
    assert feed_fetch(feed_id=feed.pk) == "failed: too large: over 2 MB"
    assert Feed.objects.get(pk=feed.pk).last_error == "too large: over 2 MB"


def test_a_slow_server_times_out(feed_server, ada, recruiter, monkeypatch):
    monkeypatch.setattr(fetching, "READ_TIMEOUT", 0.3)
    feed_server.routes["/slow.xml"] = Route(body=FEED, delay=1.5)
    feed = _follow(ada, recruiter, feed_server.url("/slow.xml"))
    assert feed_fetch(feed_id=feed.pk) == "failed: timed out"


def test_a_server_dripping_bytes_is_cut_off_at_the_deadline(feed_server, ada, recruiter, monkeypatch):
    import time

    monkeypatch.setattr(fetching, "DEADLINE_SECONDS", 1)
    feed_server.routes["/drip.xml"] = Route(body=FEED, drip=0.2)  # each read well inside READ_TIMEOUT
    feed = _follow(ada, recruiter, feed_server.url("/drip.xml"))
    started = time.monotonic()
    assert feed_fetch(feed_id=feed.pk) == "failed: timed out"
    assert time.monotonic() - started < 5


def test_private_addresses_are_refused_in_production_settings(feed_server, settings, ada, recruiter):
    settings.WATCH_FEEDS_ALLOWED_PRIVATE_HOSTS = []  # as in production
    feed_server.routes["/feed.xml"] = Route(body=FEED)
    with pytest.raises(FetchError, match="refused: 127.0.0.1 is not a public address"):
        fetch_feed(feed_server.url("/feed.xml"))
    for url in ("http://localhost:9/feed", "http://[::1]:9/", "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.1/", "file:///etc/passwd", "gopher://127.0.0.1/"):
        with pytest.raises(FetchError, match="refused"):
            fetch_feed(url)
    assert feed_server.requests == []


def test_a_redirect_to_a_private_address_is_refused(settings, ada, recruiter):
    from .feed_server import FeedServer

    with FeedServer() as public, FeedServer() as internal:
        # Only the first server is let through, as a public site would be; the other stands for an
        # internal service on loopback that the redirect points at.
        settings.WATCH_FEEDS_ALLOWED_PRIVATE_HOSTS = [f"127.0.0.1:{public.port}"]
        internal.routes["/admin"] = Route(body=FEED)
        public.routes["/feed.xml"] = Route(status=302, headers={"Location": internal.url("/admin")})
        feed = _follow(ada, recruiter, public.url("/feed.xml"))
        assert feed_fetch(feed_id=feed.pk) == "failed: refused: 127.0.0.1 is not a public address"
        assert [r["path"] for r in public.requests] == ["/feed.xml"]
        assert internal.requests == []


def test_redirects_within_public_addresses_are_followed_a_few_times_only(feed_server, ada, recruiter):
    feed_server.routes["/old"] = Route(status=301, headers={"Location": "/feed.xml"})
    feed_server.routes["/feed.xml"] = Route(body=FEED)
    feed_server.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    assert fetch_feed(feed_server.url("/old")).url == feed_server.url("/feed.xml")
    with pytest.raises(FetchError, match="too many redirects"):
        fetch_feed(feed_server.url("/loop"))


def test_failures_back_off_exponentially_and_a_success_resets_them(feed_server, ada, recruiter):
    feed_server.routes["/feed.xml"] = Route(status=500)
    feed = _follow(ada, recruiter, feed_server.url("/feed.xml"))
    now = timezone.now()
    waits = []
    for n in range(5):
        at = now + dt.timedelta(days=n)
        feed_fetch(feed_id=feed.pk, now=at)
        feed.refresh_from_db()
        waits.append(feed.next_fetch_at - at)
        # Not due again before its back-off: the beat job leaves it alone.
        assert feeds_claim_due(now=feed.next_fetch_at - dt.timedelta(seconds=1)) == []
    assert waits == [dt.timedelta(minutes=m) for m in (30, 60, 120, 240, 480)]
    assert feed.failures == 5 and feed.failing_since == now
    feed_server.routes["/feed.xml"] = Route(body=FEED)
    feed_fetch(feed_id=feed.pk)
    feed.refresh_from_db()
    assert (feed.failures, feed.failing_since, feed.last_error) == (0, None, "")


def test_the_beat_job_fetches_each_due_feed_once_and_only_top_tier(feed_server, ada, recruiter):
    from candidates.choices import Tier
    from candidates.tests.factories import CandidateFactory

    feed_server.routes["/feed.xml"] = Route(body=FEED)
    due = _follow(ada, recruiter, feed_server.url("/feed.xml"))
    warm = CandidateFactory(owner=recruiter, tier=Tier.TOP)
    dropped = _follow(warm, recruiter, feed_server.url("/feed.xml"))
    warm.tier = Tier.WARM
    warm.save(update_fields=["tier"])
    assert fetch_due_feeds.delay().get() == 1  # runs the per-feed task inline (eager in tests)
    assert FeedItem.objects.filter(feed=due).count() == 2
    assert not FeedItem.objects.filter(feed=dropped).exists()
    assert fetch_due_feeds.delay().get() == 0  # nothing due until its next fetch
    assert len(feed_server.requests) == 1
