"""Turning pending email runs into candidate emails, through the email channel, once each.

A worker locks a batch of pending runs (SKIP LOCKED: two workers take different ones), groups
them by step and sender, and hands each group to mail's bulk_emails_queue with the batch key
"sequence-step:<step id>": unique per candidate, so a retry writes nobody twice. Suppression,
consent and the contact cap are mail's, read now and again at send time. A step "in the same
thread" answers the enrolment's previous email: "Re: " its subject, In-Reply-To its Message-ID,
References its References plus its Message-ID (RFC 5322 3.6.4).
"""
import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from outreach.mail.audience import block_labels
from outreach.mail.choices import MailKind, SuppressionReason
from outreach.mail.models import OutboundEmail
from outreach.mail.services import bulk_emails_queue

from .choices import EnrolmentStatus, RunStatus, StopReason
from .models import StepRun
from .stops import enrolments_stop

BATCH = 500
# Reasons that end the sequence rather than skip one step.
STOPPING = {
    SuppressionReason.UNSUBSCRIBED_ALL: StopReason.UNSUBSCRIBED,
    SuppressionReason.UNSUBSCRIBED_TOPIC: StopReason.UNSUBSCRIBED,
    SuppressionReason.HARD_BOUNCE: StopReason.BOUNCED,
    SuppressionReason.SOFT_BOUNCES: StopReason.BOUNCED,
    SuppressionReason.COMPLAINT: StopReason.UNSUBSCRIBED,
    SuppressionReason.DO_NOT_CONTACT: StopReason.DO_NOT_CONTACT,
    SuppressionReason.STAGE_DO_NOT_CONTACT: StopReason.DO_NOT_CONTACT,
}
MAX_REFERENCES = 1900


def thread_headers(previous: OutboundEmail) -> dict:
    subject = previous.subject if previous.subject.lower().startswith("re:") else f"Re: {previous.subject}"
    references = f"{previous.references} {previous.message_id}".strip()
    if len(references) > MAX_REFERENCES:  # keep the first (the thread's root) and the newest
        ids = references.split()
        references = " ".join([ids[0], *ids[-8:]])
    return {"subject": subject[:300], "in_reply_to": previous.message_id, "references": references}


def _previous_emails(enrolment_ids: list[int]) -> dict[int, OutboundEmail]:
    """Each enrolment's latest step email, in one query."""
    latest = {}
    for run in (StepRun.objects.filter(enrolment_id__in=enrolment_ids, email__isnull=False)
                .select_related("email").order_by("enrolment_id", "created_at", "id")):
        latest[run.enrolment_id] = run.email
    return latest


@transaction.atomic
def step_emails_write(*, now: dt.datetime | None = None, batch_size: int = BATCH) -> int:
    """Write the emails of one batch of pending runs; returns how many runs it settled."""
    now = now or timezone.now()
    runs = list(StepRun.objects.filter(status=RunStatus.PENDING).order_by("created_at", "id")
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("enrolment__candidate", "enrolment__enrolled_by", "step")[:batch_size])
    if not runs:
        return 0
    previous = _previous_emails([run.enrolment_id for run in runs])
    groups = defaultdict(list)
    for run in runs:
        # Stopped (a reply, an unsubscribe) means nothing more goes out; finished means this was the last step.
        if run.enrolment.status == EnrolmentStatus.STOPPED:
            run.status, run.note, run.finished_at = RunStatus.SKIPPED, "The sequence had stopped.", now
        else:
            groups[(run.step_id, run.enrolment.enrolled_by_id)].append(run)
    labels = block_labels()
    stops = defaultdict(list)
    for group in groups.values():
        step, sender = group[0].step, group[0].enrolment.enrolled_by
        per_candidate = {run.enrolment.candidate_id: thread_headers(previous[run.enrolment_id])
                         for run in group if step.same_thread and run.enrolment_id in previous}
        batch_key = f"sequence-step:{step.pk}"
        result = bulk_emails_queue(kind=MailKind.SEQUENCE, candidates=[run.enrolment.candidate for run in group],
                                   sender=sender, subject=step.subject, body=step.body, batch_key=batch_key,
                                   now=now, per_candidate=per_candidate)
        emails = {email.candidate_id: email for email in result.queued}
        if result.already_queued:  # a retry after the emails were written: pick them up
            emails.update({email.candidate_id: email for email in OutboundEmail.objects.filter(
                batch_key=batch_key, candidate_id__in=[run.enrolment.candidate_id for run in group])})
        suppressed = {candidate.pk: reason for candidate, reason in result.suppressed}
        over_cap = {candidate.pk for candidate in result.over_cap}
        for run in group:
            candidate_id = run.enrolment.candidate_id
            run.finished_at = now
            if candidate_id in emails:
                run.status, run.email = RunStatus.QUEUED, emails[candidate_id]
            elif candidate_id in suppressed:
                reason = suppressed[candidate_id]
                run.status, run.note = RunStatus.SKIPPED, f"Not sent: {labels.get(reason, reason).lower()}"
                if reason in STOPPING:
                    stops[STOPPING[reason]].append(run.enrolment_id)
            elif candidate_id in over_cap:
                run.status, run.note = RunStatus.SKIPPED, "Not sent: over the contact cap"
            else:
                run.status, run.note = RunStatus.SKIPPED, "Not sent"
    StepRun.objects.bulk_update(runs, ["status", "email", "note", "finished_at"], batch_size=500)
    for reason, enrolment_ids in stops.items():
        enrolments_stop(enrolment_ids=enrolment_ids, reason=reason, now=now)
    return len(runs)
