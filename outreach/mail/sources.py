"""Bulk senders that send their own rows, and build their content at send time.

A feature app that materialises many rows at once (a newsletter: one INSERT ... SELECT for
100,000 recipients) leaves body_text and body_html empty and renders each message as it
sends it. It registers its batch-key prefix here from its AppConfig.ready():
- the sweep leaves those rows alone (their own sender claims, resumes and expires them);
- `build(email, preferences) -> (subject, text, html)` fills in a row that mail itself is
  asked to send (an admin's "send again"), so no message ever goes out empty.
Mail never imports the feature: the feature registers with mail.
"""
from collections.abc import Callable

from django.db.models import Q

_sources: dict[str, Callable] = {}


def register_content_source(prefix: str, build: Callable) -> None:
    _sources[prefix] = build


def unregister_content_source(prefix: str) -> None:
    _sources.pop(prefix, None)


def content_source_for(batch_key: str) -> Callable | None:
    return next((build for prefix, build in _sources.items() if batch_key.startswith(prefix)), None)


def owned_by_bulk_senders() -> Q:
    """Rows a registered sender sends itself; matches nothing when none is registered."""
    q = Q(pk__in=[])
    for prefix in _sources:
        q |= Q(batch_key__startswith=prefix)
    return q
