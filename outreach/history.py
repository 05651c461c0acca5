"""Timeline source for touch points (registered in OutreachConfig.ready)."""
from collections.abc import Iterator

from candidates.timeline import TIMELINE_LIMIT, TimelineEntry

from .choices import TouchKind
from .models import TouchPoint


def touch_point_entries(candidate) -> Iterator[TimelineEntry]:
    touches = TouchPoint.objects.filter(candidate=candidate).select_related("author")[:TIMELINE_LIMIT]
    for touch in touches:
        if touch.kind == TouchKind.FEEDBACK_SHARED:
            continue  # the feedback entry already tells this story
        author = touch.author
        yield TimelineEntry(
            at=touch.occurred_at,
            kind=f"touch_{touch.kind}",
            title=f"{touch.get_kind_display()} · {touch.get_direction_display()}",
            body=touch.summary,
            actor=(author.get_full_name() or author.username) if author else "",
            obj=touch,
        )
