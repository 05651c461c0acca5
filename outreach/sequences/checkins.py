"""What sequences add to My check-ins and the daily digest: open tasks, and who replied."""
import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.urls import reverse

from outreach.mail.models import InboundEmail, InboundKind

from .models import StepRun

ROWS = 10
REPLIES_WITHIN = dt.timedelta(days=7)


def task_rows(*, user, now) -> list[StepRun]:
    return list(StepRun.objects.open_tasks_for(user)
                .select_related("step", "enrolment__candidate", "enrolment__sequence")
                .order_by("created_at")[:ROWS])


def reply_rows(*, user, now) -> list[InboundEmail]:
    return list(InboundEmail.objects.filter(kind=InboundKind.REPLY, candidate__owner=user,
                                            received_at__gte=now - REPLIES_WITHIN)
                .select_related("candidate").order_by("-received_at")[:ROWS])


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def digest_task_rows(*, recipients, now) -> dict[int, list[dict]]:
    rows = defaultdict(list)
    for run in (StepRun.objects.filter(status="open", kind="task", assignee__in=recipients)
                .select_related("step", "enrolment__candidate", "enrolment__sequence").order_by("created_at")):
        if len(rows[run.assignee_id]) < ROWS:
            candidate = run.enrolment.candidate
            rows[run.assignee_id].append({
                "text": f"{run.step.get_task_kind_display()}: {candidate.full_name} ({run.enrolment.sequence.name})",
                "url": _url(candidate.get_absolute_url())})
    return dict(rows)


def digest_reply_rows(*, recipients, now) -> dict[int, list[dict]]:
    rows = defaultdict(list)
    for inbound in (InboundEmail.objects.filter(kind=InboundKind.REPLY, candidate__owner__in=recipients,
                                                received_at__gte=now - dt.timedelta(days=1))
                    .select_related("candidate").order_by("-received_at")):
        candidate = inbound.candidate
        if len(rows[candidate.owner_id]) < ROWS:
            rows[candidate.owner_id].append({"text": f"{candidate.full_name} replied: {inbound.text[:140]}",
                                             "url": _url(candidate.get_absolute_url())})
    return dict(rows)


def task_summary(rows: list[dict]) -> str:
    return f"{len(rows)} sequence task{'s' if len(rows) != 1 else ''}"


def reply_summary(rows: list[dict]) -> str:
    return f"{len(rows)} repl{'ies' if len(rows) != 1 else 'y'}"


def task_url(run: StepRun, action: str) -> str:
    return reverse("sequences:task_finish", args=[run.pk, action])
