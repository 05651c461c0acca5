"""The candidate timeline's sequence entries: enrolled in one, and when and why it ended."""
from collections.abc import Iterator

from candidates.timeline import TimelineEntry

from .models import Enrolment


def enrolment_entries(candidate, limit: int) -> Iterator[TimelineEntry]:
    enrolments = list(Enrolment.objects.filter(candidate=candidate).select_related("sequence", "enrolled_by")
                      .order_by("-created_at")[:limit])
    # The candidate page's sequence card shows these same rows: it reads them from here, not again.
    candidate._sequence_enrolments = enrolments
    for enrolment in enrolments:
        by = enrolment.enrolled_by
        yield TimelineEntry(at=enrolment.created_at, kind="sequence", title=f"Enrolled in “{enrolment.sequence}”",
                            actor=by.get_full_name() or by.username, obj=enrolment)
        if enrolment.stopped_at:
            yield TimelineEntry(at=enrolment.stopped_at, kind="sequence",
                                title=f"Sequence “{enrolment.sequence}” ended: {enrolment.get_stop_reason_display()}",
                                body=enrolment.stop_detail, obj=enrolment)
