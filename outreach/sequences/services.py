"""Writes on sequences and their steps, and on the tasks and enrolments a recruiter acts on."""
import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from outreach.choices import TouchKind
from outreach.services import touch_point_log

from .choices import RunStatus, StepKind, StopReason, TaskKind
from .models import Enrolment, Sequence, Step, StepRun
from .stops import enrolments_stop

# A task done is a touch: the kind of touch each task is.
TASK_TOUCH = {TaskKind.CALL: TouchKind.PHONE_CALL, TaskKind.SOCIAL: TouchKind.SOCIAL,
              TaskKind.NOTE: TouchKind.OTHER, TaskKind.EVENT: TouchKind.EVENT}
STEP_FIELDS = ("kind", "subject", "body", "same_thread", "wait_days", "task_kind", "task_note")


@transaction.atomic
def sequence_create(*, name: str, owner, description: str = "", window_start_hour: int = 9,
                    window_end_hour: int = 17) -> Sequence:
    return Sequence.objects.create(name=name, owner=owner, description=description,
                                   window_start_hour=window_start_hour, window_end_hour=window_end_hour)


@transaction.atomic
def step_add(*, sequence: Sequence, **fields) -> Step:
    """Append a step (positions only grow, so running enrolments keep their place)."""
    Sequence.objects.select_for_update().get(pk=sequence.pk)  # two adds at once take turns
    last = sequence.steps.aggregate(last=Max("position"))["last"] or 0
    return Step.objects.create(sequence=sequence, position=last + 1, **_clean(fields))


def _clean(fields: dict) -> dict:
    values = {name: fields.get(name) for name in STEP_FIELDS if name in fields}
    kind = values.get("kind")
    if kind != StepKind.EMAIL:
        values.update(subject="", body="", same_thread=False)
    if kind != StepKind.WAIT:
        values["wait_days"] = None
    if kind != StepKind.TASK:
        values.update(task_kind="", task_note="")
    return values


@transaction.atomic
def step_update(*, step: Step, **fields) -> Step:
    """Change a step: enrolments that have not reached it get the new version; sent emails keep theirs."""
    for name, value in _clean({"kind": step.kind, **fields}).items():
        setattr(step, name, value)
    step.save()
    return step


@transaction.atomic
def step_remove(*, step: Step) -> bool:
    """Delete a step nobody ran yet, or retire one some enrolment ran (its history stays). True if deleted."""
    if StepRun.objects.filter(step=step).exists():
        step.is_active = False
        step.save(update_fields=["is_active", "updated_at"])
        return False
    step.delete()
    return True


@transaction.atomic
def task_finish(*, run: StepRun, done: bool, by, now: dt.datetime | None = None) -> bool:
    """Tick a sequence task off (a touch point when done) or skip it; False when it was not open."""
    now = now or timezone.now()
    updated = StepRun.objects.filter(pk=run.pk, status=RunStatus.OPEN).update(
        status=RunStatus.DONE if done else RunStatus.SKIPPED, finished_at=now)
    if updated and done:
        step = run.step
        touch_point_log(candidate=run.enrolment.candidate, kind=TASK_TOUCH.get(step.task_kind, TouchKind.OTHER),
                        occurred_at=now, author=by,
                        summary=f"{step.get_task_kind_display()} ({run.enrolment.sequence.name})"
                                + (f": {step.task_note}" if step.task_note else ""))
    return bool(updated)


def enrolment_stop_by_hand(*, enrolment: Enrolment, replied: bool, by, now: dt.datetime | None = None) -> bool:
    """The recruiter's "they replied" or "stop"."""
    reason = StopReason.MARKED_REPLIED if replied else StopReason.MANUAL
    name = by.get_full_name() or by.username
    return bool(enrolments_stop(enrolment_ids=[enrolment.pk], reason=reason, detail=f"By {name}", now=now))
