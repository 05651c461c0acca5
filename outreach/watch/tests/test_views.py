"""The Career watch card on a top-tier candidate's page: follow, unfollow, latest posts, a failing feed."""
import datetime as dt

import pytest
from django.urls import reverse

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory
from outreach.watch.models import Feed, FeedItem

pytestmark = pytest.mark.django_db
FOLLOWED = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def _follow(client, candidate, url):
    return client.post(reverse("watch:follow", args=[candidate.pk]), {"url": url}, follow=True)


def test_following_a_github_profile_follows_its_atom_feed(recruiter_client, recruiter, ada):
    response = _follow(recruiter_client, ada, "github.com/adalovelace")
    assert response.redirect_chain[-1][0] == ada.get_absolute_url()
    (feed,) = Feed.objects.filter(candidate=ada)
    assert feed.url == "https://github.com/adalovelace.atom" and feed.followed_by == recruiter
    page = response.content.decode()
    assert "Following https://github.com/adalovelace.atom for Ada Lovelace" in page
    assert "First look within half an hour" in page


@pytest.mark.parametrize(("typed", "error"), [
    ("not a url at all", "Enter a web address"),
    ("ftp://ada.dev/feed", "Only http and https addresses"),
    ("http://192.168.1.10/feed", "private network"),
    ("https://user:secret@ada.dev/feed", "Leave out any user name or password"),
    ("https://ada.dev:99999/feed", "The port number is not valid"),
    ("http://[not-an-ip]/feed", "Enter a web address"),
    ("", "This field is required"),
])
def test_a_bad_address_comes_back_with_the_error_beside_it(recruiter_client, ada, typed, error):
    response = recruiter_client.post(reverse("watch:follow", args=[ada.pk]), {"url": typed})
    assert response.status_code == 200 and error in response.content.decode()
    assert not Feed.objects.exists()


def test_the_same_feed_twice_or_a_warm_candidate_is_refused_inline(recruiter_client, recruiter, ada):
    _follow(recruiter_client, ada, "https://ada.dev/feed.xml")
    again = recruiter_client.post(reverse("watch:follow", args=[ada.pk]), {"url": "https://ada.dev/feed.xml"})
    assert "Ada Lovelace already has this feed." in again.content.decode()
    warm = CandidateFactory(owner=recruiter, tier=Tier.WARM)
    refused = recruiter_client.post(reverse("watch:follow", args=[warm.pk]), {"url": "https://w.dev/feed"})
    assert "Career watch is for top-tier candidates." in refused.content.decode()
    assert Feed.objects.count() == 1
    # And a warm candidate's page has no card at all.
    assert 'id="career-watch"' not in recruiter_client.get(warm.get_absolute_url()).content.decode()


def test_the_card_shows_posts_since_following_and_a_failing_feed_says_why(recruiter_client, recruiter, ada):
    feed = Feed.objects.create(candidate=ada, url="https://ada.dev/feed.xml", followed_by=recruiter,
                               followed_at=FOLLOWED, failures=2, last_error="timed out", title="Ada's blog",
                               failing_since=dt.datetime(2026, 12, 3, 6, tzinfo=dt.UTC))
    FeedItem.objects.create(feed=feed, guid="1", title="Scaling <Postgres>", link="https://ada.dev/1",
                            published_at=FOLLOWED + dt.timedelta(days=1))
    FeedItem.objects.create(feed=feed, guid="0", title="From the archive", link="https://ada.dev/0",
                            published_at=FOLLOWED - dt.timedelta(days=1))
    page = recruiter_client.get(ada.get_absolute_url()).content.decode()
    assert "Scaling &lt;Postgres&gt;" in page and 'href="https://ada.dev/1"' in page
    assert "From the archive" not in page
    assert "Couldn't read this feed since 3 Dec: timed out" in page


def test_removing_a_feed_stops_following_it(recruiter_client, recruiter, ada):
    feed = Feed.objects.create(candidate=ada, url="https://ada.dev/feed.xml", followed_by=recruiter)
    response = recruiter_client.post(reverse("watch:unfollow", args=[feed.pk]), follow=True)
    assert "Stopped following https://ada.dev/feed.xml for Ada Lovelace." in response.content.decode()
    assert not Feed.objects.exists()


def test_the_card_costs_the_same_queries_however_many_feeds_and_posts(recruiter_client, recruiter, ada):
    def page_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert recruiter_client.get(ada.get_absolute_url()).status_code == 200
        return len(queries)

    feed = Feed.objects.create(candidate=ada, url="https://ada.dev/feed.xml", followed_by=recruiter,
                               followed_at=FOLLOWED)
    FeedItem.objects.create(feed=feed, guid="first", title="First", published_at=FOLLOWED + dt.timedelta(days=1))
    few = page_queries()
    for n in range(4):
        other = Feed.objects.create(candidate=ada, url=f"https://ada.dev/{n}.xml", followed_by=recruiter,
                                    followed_at=FOLLOWED)
        for m in range(5):
            FeedItem.objects.create(feed=other, guid=str(m), title=f"Post {m}",
                                    published_at=FOLLOWED + dt.timedelta(days=m + 2))
    assert page_queries() == few
