"""Timeline source for touch points (registered in OutreachConfig.ready)."""
from collections.abc import Iterator

from candidates.timeline import TimelineEntry

from .choices import TouchKind
from .models import TouchPoint


def touch_point_entries(candidate, limit: int) -> Iterator[TimelineEntry]:
    # Feedback shared is left out: the feedback entry already tells that story.
    touches = (
        TouchPoint.objects.filter(candidate=candidate)
        .exclude(kind=TouchKind.FEEDBACK_SHARED)
        .select_related("author")[:limit]
    )
    for touch in touches:
        author = touch.author
        yield TimelineEntry(
            at=touch.occurred_at,
            kind=f"touch_{touch.kind}",
            title=f"{touch.get_kind_display()} · {touch.get_direction_display()}",
            body=touch.summary,
            actor=(author.get_full_name() or author.username) if author else "",
            obj=touch,
        )
