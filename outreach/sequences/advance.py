"""The beat tick: move every due enrolment on to its next step, in SQL batches.

Each batch locks up to BATCH due enrolments (FOR UPDATE SKIP LOCKED, so a second tick
racing this one takes other rows or none), works out in memory what each one does now,
and writes it back in three statements: the step runs (one INSERT; unique per enrolment
and step, the guarantee of "once"), and the enrolments' new positions and times (one UPDATE).
What one enrolment does in a tick: open the tasks it reaches, write at most one email, and
stop at a wait (due again that many business days later, in the send window) or at a second
email (due again at once). Emails are only written here as pending runs; writing.py turns
them into messages on a worker, so the tick stays cheap.
"""
import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from .choices import EnrolmentStatus, RunStatus, StepKind, StopReason
from .models import Enrolment, Step, StepRun
from .window import after_wait, next_send_time

BATCH = 1000


@dataclasses.dataclass
class TickResult:
    moved: int = 0
    emails: int = 0
    tasks: int = 0
    finished: int = 0


@dataclasses.dataclass
class _Plan:
    runs: list[StepRun]
    position: int
    next_at: dt.datetime | None
    finished: bool


def _zone(name) -> ZoneInfo:
    try:
        return ZoneInfo(str(name)) if name else ZoneInfo("UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def plan(*, enrolment_id: int, assignee_id: int, position: int, steps: list[Step], zone: ZoneInfo,
         start_hour: int, end_hour: int, now: dt.datetime) -> _Plan:
    """What one due enrolment does now (pure: no queries)."""
    upcoming = [step for step in steps if step.position >= position]
    runs, emailed = [], False
    window = {"zone": zone, "start_hour": start_hour, "end_hour": end_hour}
    for step in upcoming:
        if step.kind == StepKind.WAIT:
            return _Plan(runs, step.position + 1, after_wait(now, days=step.wait_days or 1, **window), False)
        if step.kind == StepKind.EMAIL:
            opens = next_send_time(now, **window)
            if emailed or opens != now:
                # A second email waits for the next tick; one due outside the window (a late tick
                # after an outage) waits for the window to open.
                return _Plan(runs, step.position, opens, False)
            emailed = True
            runs.append(StepRun(enrolment_id=enrolment_id, step=step, kind=StepKind.EMAIL, status=RunStatus.PENDING,
                                assignee_id=assignee_id, created_at=now))
        else:
            runs.append(StepRun(enrolment_id=enrolment_id, step=step, kind=StepKind.TASK, status=RunStatus.OPEN,
                                assignee_id=assignee_id, note=step.task_note, created_at=now))
        position = step.position + 1
    return _Plan(runs, position, None, True)


def _write_enrolments(plans: dict[int, _Plan], now: dt.datetime) -> None:
    """One UPDATE ... FROM (VALUES ...) for the whole batch."""
    if not plans:
        return
    values, params = [], []
    for pk, p in plans.items():
        values.append("(%s, %s, %s::timestamptz, %s)")
        params += [pk, p.position, p.next_at, p.finished]
    table = Enrolment._meta.db_table
    sql = (
        f"UPDATE {table} AS e SET next_position = v.position, next_step_at = v.next_at, "  # noqa: S608 - our table, placeholders
        f"status = CASE WHEN v.finished THEN %s ELSE e.status END, "
        f"stop_reason = CASE WHEN v.finished THEN %s ELSE e.stop_reason END, "
        f"stopped_at = CASE WHEN v.finished THEN %s::timestamptz ELSE e.stopped_at END "
        f"FROM (VALUES {', '.join(values)}) AS v(id, position, next_at, finished) WHERE e.id = v.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [EnrolmentStatus.FINISHED, StopReason.LAST_STEP, now, *params])


def enrolments_advance_batch(*, now: dt.datetime, batch_size: int = BATCH,
                             steps_cache: dict | None = None) -> TickResult:
    result = TickResult()
    steps_cache = {} if steps_cache is None else steps_cache
    with transaction.atomic():
        due = list(
            Enrolment.objects.due(now).order_by("next_step_at")
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", "sequence_id", "next_position", "candidate_timezone", "enrolled_by_id",
                         "enrolled_by__profile__timezone", "sequence__window_start_hour",
                         "sequence__window_end_hour")[:batch_size]
        )
        if not due:
            return result
        missing = {row[1] for row in due} - set(steps_cache)
        for sequence_id in missing:
            steps_cache[sequence_id] = []
        for step in Step.objects.filter(sequence_id__in=missing, is_active=True).order_by("position"):
            steps_cache[step.sequence_id].append(step)
        plans, runs = {}, []
        for pk, sequence_id, position, candidate_tz, assignee_id, recruiter_tz, start, end in due:
            p = plan(enrolment_id=pk, assignee_id=assignee_id, position=position, steps=steps_cache[sequence_id],
                     zone=_zone(candidate_tz or recruiter_tz), start_hour=start, end_hour=end, now=now)
            plans[pk] = p
            runs += p.runs
        StepRun.objects.bulk_create(runs, batch_size=1000)
        _write_enrolments(plans, now)
    result.moved = len(due)
    result.emails = sum(run.kind == StepKind.EMAIL for run in runs)
    result.tasks = len(runs) - result.emails
    result.finished = sum(p.finished for p in plans.values())
    return result


def enrolments_advance(*, now: dt.datetime | None = None, batch_size: int = BATCH,
                       max_batches: int = 100) -> TickResult:
    """Move on every due enrolment (up to max_batches batches: the next tick takes the rest)."""
    now = now or timezone.now()
    total, steps_cache = TickResult(), {}
    for _ in range(max_batches):
        batch = enrolments_advance_batch(now=now, batch_size=batch_size, steps_cache=steps_cache)
        if not batch.moved:
            break
        for field in dataclasses.fields(TickResult):
            setattr(total, field.name, getattr(total, field.name) + getattr(batch, field.name))
    return total
