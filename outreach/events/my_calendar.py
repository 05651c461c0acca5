"""The events a recruiter hosts, in their own calendar feed (outreach/calendar_feed/registry.py).

Same entries as the team's events calendar (calendar.py: one UID per event for its whole
life, the event's own timezone, cancelled ones marked so), limited to the events this
recruiter hosts within the feed's window.
"""
from django.db.models import Count, Max
from django.utils import timezone

from .calendar import _vevent
from .models import Event

MAX_EVENTS = 200


def _hosted(*, user, start, end):
    return Event.objects.filter(hosts=user, starts_at__lt=end, ends_at__gt=start)


def hosted_version(*, user, start, end):
    """(what changes when the entries would, their latest change): one aggregate query."""
    stats = _hosted(user=user, start=start, end=end).aggregate(n=Count("pk"), changed=Max("updated_at"))
    return f"{stats['n']}:{stats['changed']}", stats["changed"]


def hosted_components(*, user, start, end) -> list:
    events = _hosted(user=user, start=start, end=end).select_related("created_by").order_by("starts_at")[:MAX_EVENTS]
    # DTSTAMP is the event's last change, so an unchanged event gives the same bytes every poll.
    return [_vevent(event, now=event.updated_at or timezone.now(), show_online_link=True) for event in events]
