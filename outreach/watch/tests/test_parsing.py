"""Feeds into plain items: RSS and Atom, GitHub's activity feed, markup and bad links dropped."""
import datetime as dt

import pytest

from outreach.watch.forms import feed_address
from outreach.watch.parsing import NotAFeed, parse_feed

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Ada &amp; talks</title>
<item><title>Keynote: &lt;b&gt;Postgres&lt;/b&gt; at scale</title><link>https://talks.ada.dev/keynote</link>
<guid>talk-7</guid><pubDate>Tue, 03 Mar 2026 10:00:00 +0000</pubDate></item>
<item><title>Sneaky</title><link>javascript:alert(1)</link><guid>talk-8</guid></item>
<item><link>https://talks.ada.dev/untitled</link></item>
</channel></rss>"""

GITHUB = b"""<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<id>tag:github.com,2008:/ada</id><title>ada's Activity</title><updated>2026-03-04T12:00:00Z</updated>
<entry><id>tag:github.com,2008:ReleaseEvent/42</id><published>2026-03-04T12:00:00Z</published>
<updated>2026-03-04T12:00:00Z</updated><link type="text/html" rel="alternate" href="https://github.com/ada/engine/releases/tag/v2"/>
<title type="html">ada released v2 at ada/engine</title></entry></feed>"""


def test_rss_items_come_out_as_plain_text_with_safe_links_only():
    feed = parse_feed(RSS, content_type="application/rss+xml")
    assert feed.title == "Ada & talks"
    first, sneaky = feed.items
    assert first.title == "Keynote: Postgres at scale" and first.guid == "talk-7"
    assert first.published_at == dt.datetime(2026, 3, 3, 10, tzinfo=dt.UTC)
    assert sneaky.link == "" and sneaky.published_at is None  # no javascript: links, no date made up


def test_a_github_activity_feed_reads_as_releases_and_pushes():
    (item,) = parse_feed(GITHUB).items
    assert item.title == "ada released v2 at ada/engine"
    assert item.link == "https://github.com/ada/engine/releases/tag/v2"


@pytest.mark.parametrize("body", [b"", b"<html><body>Hello</body></html>", b"\x00\xff garbage"])
def test_what_is_not_a_feed_is_an_error(body):
    with pytest.raises(NotAFeed):
        parse_feed(body)


@pytest.mark.parametrize(("typed", "address"), [
    ("github.com/ada", "https://github.com/ada.atom"),
    ("https://github.com/ada/", "https://github.com/ada.atom"),
    ("https://github.com/ada.atom", "https://github.com/ada.atom"),
    ("https://github.com/ada/engine", "https://github.com/ada/engine"),  # a repository, left alone
    ("ada.dev/feed.xml", "https://ada.dev/feed.xml"),
])
def test_what_recruiters_type_becomes_the_feed_address(typed, address):
    assert feed_address(typed) == address
