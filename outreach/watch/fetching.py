"""Fetching one feed from the public internet, and nothing else.

The address comes from a recruiter, so it is treated as hostile (SSRF): only http and https;
the host's every DNS answer must be a public address before we connect, and the socket we
actually connected is checked again (a DNS answer that changes between the two looks does not
get through); redirects are followed by hand, at most MAX_REDIRECTS, each hop checked the same
way. No proxy from the environment. Timeouts on connect and on every read, a deadline for the
whole download, and a size limit counted while streaming (after decompression), so a huge or
endless response is cut off, never read into memory.
"""
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings

from outreach.public_http import AddressRefused, NoSuchHost, find_refusal, is_public, public_session, resolve

CONNECT_TIMEOUT = 5
READ_TIMEOUT = 10
DEADLINE_SECONDS = 30
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
USER_AGENT = "Nurture career watch (feed reader)"
ACCEPT = "application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"


class FetchError(Exception):
    """Why a feed could not be read, in words for the candidate page ("timed out")."""


@dataclass(frozen=True)
class Fetched:
    status: int  # 200 or 304
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""
    url: str = ""  # where the feed was finally read from, after redirects


def _allowed_private(ip, port: int) -> bool:
    allowed = set(getattr(settings, "WATCH_FEEDS_ALLOWED_PRIVATE_HOSTS", []))
    return str(ip) in allowed or f"{ip}:{port}" in allowed


def check_url(url: str) -> tuple[str, int]:
    """(host, port) of an address we may fetch; FetchError otherwise. Resolves the host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise FetchError("refused: not a valid address") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("refused: only http and https addresses can be followed")
    if parts.username or parts.password:
        raise FetchError("refused: addresses with a password are not followed")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError("refused: the address has an invalid port") from None
    try:
        addresses = resolve(parts, port)
    except NoSuchHost:
        raise FetchError(f"no such host: {parts.hostname}") from None
    for ip in addresses:
        if not is_public(ip) and not _allowed_private(ip, port):
            raise FetchError(f"refused: {ip} is not a public address")
    return parts.hostname, port


def _read_limited(response, *, limit: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(f"too large: over {limit // 1024 // 1024} MB")
    chunks, size = [], 0
    while True:
        # read1: whatever one read of the socket brings (decompressed), so a server dripping a
        # byte every few seconds meets the deadline check below instead of holding a long read.
        chunk = response.raw.read1(CHUNK, decode_content=True)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise FetchError(f"too large: over {limit // 1024 // 1024} MB")
        if time.monotonic() > deadline:
            raise FetchError("timed out")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch_feed(url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
    """GET the feed, conditionally; Fetched(200 or 304) or FetchError saying why not."""
    limit = settings.WATCH_FEED_MAX_BYTES
    deadline = time.monotonic() + DEADLINE_SECONDS
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    with public_session(_allowed_private) as session:
        for _ in range(MAX_REDIRECTS + 1):
            check_url(url)
            try:
                response = session.get(url, headers=headers, stream=True, allow_redirects=False,
                                       timeout=(CONNECT_TIMEOUT, READ_TIMEOUT))
            except AddressRefused as exc:
                raise FetchError(f"refused: {exc}") from None
            except requests.Timeout:
                raise FetchError("timed out") from None
            except requests.ConnectionError as exc:
                refusal = find_refusal(exc)
                raise FetchError(f"refused: {refusal}" if refusal else "could not connect") from None
            except requests.RequestException:
                raise FetchError("could not connect") from None
            with response:
                if response.is_redirect and response.headers.get("Location"):
                    url = urljoin(url, response.headers["Location"])
                    continue
                if response.status_code == 304:
                    return Fetched(status=304, etag=etag, last_modified=last_modified, url=url)
                if response.status_code != 200:
                    raise FetchError(f"the site answered {response.status_code} {response.reason or ''}".strip())
                try:
                    body = _read_limited(response, limit=limit, deadline=deadline)
                except FetchError:
                    raise
                except Exception as exc:  # a read timeout, a reset connection, a broken gzip stream
                    timed_out = time.monotonic() >= deadline or "timed out" in str(exc).lower()
                    raise FetchError("timed out" if timed_out else "the connection broke") from None
                return Fetched(status=200, body=body, etag=response.headers.get("ETag", "")[:300],
                               last_modified=response.headers.get("Last-Modified", "")[:100],
                               content_type=response.headers.get("Content-Type", ""), url=url)
    raise FetchError("too many redirects")

