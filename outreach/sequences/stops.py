"""Stopping enrolments: a reply, a bounce, an unsubscribe, a stage change, by hand, or the last step.

Stopping is immediate: the enrolment leaves the due index, its open tasks are skipped, and
step emails already written but not yet sent are withdrawn, so nothing more goes out.
"""
import datetime as dt

from django.db import transaction
from django.utils import timezone

from outreach.mail.services import outbound_emails_withdraw

from .choices import EnrolmentStatus, RunStatus, StopReason
from .models import Enrolment, StepRun


@transaction.atomic
def enrolments_stop(*, enrolment_ids: list[int], reason: str, detail: str = "",
                    now: dt.datetime | None = None) -> int:
    """Stop these enrolments if still active; returns how many stopped."""
    now = now or timezone.now()
    StopReason(reason)
    ids = list(Enrolment.objects.active().filter(pk__in=enrolment_ids).select_for_update(of=("self",))
               .values_list("pk", flat=True))
    if not ids:
        return 0
    Enrolment.objects.filter(pk__in=ids).update(status=EnrolmentStatus.STOPPED, stop_reason=reason,
                                                stop_detail=detail[:300], stopped_at=now, next_step_at=None)
    label = StopReason(reason).label.lower()
    StepRun.objects.filter(enrolment_id__in=ids, status__in=[RunStatus.OPEN, RunStatus.PENDING]).update(
        status=RunStatus.SKIPPED, finished_at=now, note=f"Sequence stopped: {label}")
    queued = list(StepRun.objects.filter(enrolment_id__in=ids, status=RunStatus.QUEUED, email__isnull=False)
                  .values_list("email_id", flat=True))
    if queued:
        outbound_emails_withdraw(email_ids=queued, note=f"Not sent: the sequence stopped ({label}).", now=now)
    return len(ids)


def candidate_sequences_stop(*, candidate_id: int, reason: str, detail: str = "",
                             now: dt.datetime | None = None) -> int:
    ids = list(Enrolment.objects.active().filter(candidate_id=candidate_id).values_list("pk", flat=True))
    return enrolments_stop(enrolment_ids=ids, reason=reason, detail=detail, now=now) if ids else 0
