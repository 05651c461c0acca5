"""Reading a feed's bytes (RSS, Atom, a GitHub user's .atom) into plain items, with feedparser.

Only what the card and the digest show is kept: a title as plain text (any markup stripped by
nh3), a link if it is http(s), a GUID, a publication time. Entries without a usable title or
identity are skipped one by one; a document that is not a feed at all is an error.
"""
import calendar
import datetime as dt
import hashlib
import html
from dataclasses import dataclass

import feedparser
import nh3

# The newest this many entries of a document; a feed's long archive is not news.
MAX_ENTRIES = 50


class NotAFeed(Exception):
    pass


@dataclass(frozen=True)
class ParsedItem:
    guid: str
    title: str
    link: str
    published_at: dt.datetime | None


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    items: list[ParsedItem]


def _text(value: str, limit: int) -> str:
    plain = html.unescape(nh3.clean(value or "", tags=set()))
    return " ".join(plain.split())[:limit]


def _when(entry) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)
    return None


def _link(entry) -> str:
    link = (entry.get("link") or "").strip()
    return link[:1000] if link.startswith(("https://", "http://")) else ""


def parse_feed(body: bytes, *, content_type: str = "") -> ParsedFeed:
    headers = {"content-type": content_type} if content_type else {}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise NotAFeed(f"not a feed ({type(reason).__name__})" if reason else "not a feed")
    items = []
    for entry in parsed.entries[:MAX_ENTRIES]:
        title, link = _text(entry.get("title", ""), 300), _link(entry)
        guid = (entry.get("id") or link or "").strip()
        if not title or not guid:
            continue
        if len(guid) > 500:  # some feeds use the whole URL with tracking: keep it unique, and short
            guid = hashlib.sha256(guid.encode()).hexdigest()
        items.append(ParsedItem(guid=guid, title=title, link=link, published_at=_when(entry)))
    return ParsedFeed(title=_text(parsed.feed.get("title", ""), 200), items=items)
