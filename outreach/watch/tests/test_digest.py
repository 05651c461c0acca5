"""Career watch in the follower's daily digest: new posts since the last digest, newer than the follow date."""
import datetime as dt

import pytest
import time_machine
from django.core import mail

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory
from outreach.digests.sending import digest_send
from outreach.digests.services import digests_queue
from outreach.watch.models import Feed, FeedItem

pytestmark = pytest.mark.django_db
FOLLOWED = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
MONDAY_8AM = dt.datetime(2026, 3, 9, 8, 0, tzinfo=dt.UTC)  # Rita's digest hour in London


@pytest.fixture
def feed(recruiter):
    with time_machine.travel(FOLLOWED, tick=False):
        ada = CandidateFactory(owner=recruiter, tier=Tier.TOP, full_name="Ada Lovelace")
        return Feed.objects.create(candidate=ada, url="https://ada.dev/feed.xml", followed_by=recruiter)


def _item(feed, guid, title, *, published, found):
    return FeedItem.objects.create(feed=feed, guid=guid, title=title, link=f"https://ada.dev/{guid}",
                                   published_at=published, found_at=found)


def _send_digest(at: dt.datetime):
    with time_machine.travel(at, tick=False):
        (queued,) = digests_queue()
        digest_send(digest_id=queued.digest.pk)
    return mail.outbox[-1]


def test_a_new_post_is_in_the_digest_with_a_nudge_to_say_congrats(feed):
    _item(feed, "scaling", "Scaling Postgres", published=MONDAY_8AM - dt.timedelta(days=1),
          found=MONDAY_8AM - dt.timedelta(hours=20))
    _item(feed, "archive", "An old talk", published=FOLLOWED - dt.timedelta(days=30),
          found=MONDAY_8AM - dt.timedelta(hours=20))
    message = _send_digest(MONDAY_8AM)
    html = message.alternatives[0][0]
    assert "career watch update" in message.subject
    assert "Ada published \u2018Scaling Postgres\u2019 \u2014 say congrats" in message.body
    assert "Read it: https://ada.dev/scaling" in message.body
    assert 'href="https://ada.dev/scaling"' in html
    assert "An old talk" not in message.body  # published before Rita followed the feed


def test_a_post_is_announced_once_not_in_every_digest(feed):
    _item(feed, "scaling", "Scaling Postgres", published=MONDAY_8AM - dt.timedelta(days=1),
          found=MONDAY_8AM - dt.timedelta(hours=20))
    assert "Scaling Postgres" in _send_digest(MONDAY_8AM).body
    _item(feed, "next", "Postgres at scale, part 2", published=MONDAY_8AM + dt.timedelta(hours=12),
          found=MONDAY_8AM + dt.timedelta(hours=12))
    tuesday = _send_digest(MONDAY_8AM + dt.timedelta(days=1)).body
    assert "part 2" in tuesday and "\u2018Scaling Postgres\u2019" not in tuesday
