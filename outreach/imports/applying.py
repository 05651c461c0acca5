"""Running a confirmed import, and taking one back.

The file is applied a chunk at a time, each chunk in its own transaction, so the progress bar
moves and a 100,000-row file never holds one huge transaction. One bad row never fails the
file: validation errors were found by the dry run, and a row the database still refuses (an
email another recruiter added a minute ago) is retried alone and reported as that row's error.
"""
import logging

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from candidates.models import Candidate, StageChange
from candidates.services import candidate_create, candidate_update
from outreach.dashboard.changes import mark_book
from outreach.services import schedules_create_for

from .inserting import candidates_insert, import_rows_insert
from .matching import DuplicateFinder
from .models import ImportRow, ImportRun, ImportStatus, RowAction
from .planning import RowPlan, plan_chunks
from .reading import UnreadableFile

logger = logging.getLogger(__name__)
DELETE_BATCH = 1000


def import_apply(*, run: ImportRun) -> None:
    now = timezone.now()
    claimed = ImportRun.objects.filter(pk=run.pk, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=now, processed_rows=0)
    if not claimed:
        return  # already running, done or undone: a retried task changes nothing
    run.refresh_from_db()
    finder, status, failure = DuplicateFinder(), ImportStatus.DONE, ""
    try:
        for chunk in plan_chunks(run, finder):
            _apply_chunk(run, chunk, finder)
    except UnreadableFile as error:
        status, failure = ImportStatus.FAILED, str(error)
    except Exception:
        logger.exception("Import %s stopped", run.pk)
        status = ImportStatus.FAILED
        failure = "The import stopped on an unexpected problem; the rows so far can be undone."
    # The uploaded file is not needed any more: the rows say what undo must do.
    ImportRun.objects.filter(pk=run.pk).update(status=status, failure=failure, finished_at=timezone.now(), source=None)


@transaction.atomic
def _apply_chunk(run: ImportRun, chunk: list[RowPlan], finder: DuplicateFinder) -> None:
    outcomes = []
    creates = [plan for plan in chunk if plan.action == RowAction.CREATE]
    created = _create(run, creates, outcomes)
    finder.created_ids.update(created)
    for plan in chunk:
        if plan.action == RowAction.UPDATE:
            outcomes.append(_update(run, plan))
        elif plan.action in (RowAction.SKIP, RowAction.ERROR):
            outcomes.append(ImportRow(run=run, row_number=plan.number, action=plan.action, reason=plan.reason))
    if connection.vendor == "postgresql":
        import_rows_insert(outcomes)
    else:
        ImportRow.objects.bulk_create(outcomes, batch_size=2000)
    counted = {action: sum(1 for row in outcomes if row.action == action) for action in RowAction.values}
    ImportRun.objects.filter(pk=run.pk).update(
        processed_rows=F("processed_rows") + len(chunk),
        created_count=F("created_count") + counted[RowAction.CREATE],
        updated_count=F("updated_count") + counted[RowAction.UPDATE],
        skipped_count=F("skipped_count") + counted[RowAction.SKIP],
        error_count=F("error_count") + counted[RowAction.ERROR],
    )


def _create(run: ImportRun, plans: list[RowPlan], outcomes: list[ImportRow]) -> list[int]:
    if not plans:
        return []
    reason = f"Imported from {run.filename}"[:100]
    try:
        with transaction.atomic():
            ids = _insert(run, plans, reason)
            mark_book(run.created_by_id)  # the dashboard's counts of the importer's book
    except IntegrityError:
        return _create_one_by_one(run, plans, outcomes, reason)
    outcomes.extend(ImportRow(run=run, row_number=plan.number, action=RowAction.CREATE, candidate_id=pk)
                    for plan, pk in zip(plans, ids, strict=True))
    return ids


def _insert(run: ImportRun, plans: list[RowPlan], reason: str) -> list[int]:
    if connection.vendor == "postgresql":
        return candidates_insert(owner_id=run.created_by_id, rows=[plan.fields for plan in plans], reason=reason,
                                 user_id=run.created_by_id)
    # Elsewhere (SQLite on a laptop): the same rows through the ORM, slower but the same result.
    candidates = bulk_create_with_history([Candidate(owner_id=run.created_by_id, **plan.fields) for plan in plans],
                                          Candidate, batch_size=500, default_user=run.created_by,
                                          default_change_reason=reason)
    ids = [candidate.pk for candidate in candidates]
    schedules_create_for(candidate_ids=ids)
    now = timezone.now()
    StageChange.objects.bulk_create([StageChange(candidate=c, from_stage="", to_stage=c.stage,
                                                 changed_by=run.created_by, changed_at=now) for c in candidates])
    return ids


def _create_one_by_one(run, plans, outcomes, reason) -> list[int]:
    """After the chunk's INSERT was refused: each row on its own, through the service."""
    created = []
    for plan in plans:
        try:
            with transaction.atomic():
                candidate = candidate_create(owner=run.created_by, **plan.fields)
        except IntegrityError:
            outcomes.append(ImportRow(run=run, row_number=plan.number, action=RowAction.ERROR,
                                      reason=f"row {plan.number}: another candidate has this email now"))
            continue
        created.append(candidate.pk)
        outcomes.append(ImportRow(run=run, row_number=plan.number, action=RowAction.CREATE, candidate=candidate))
    return created


def _update(run: ImportRun, plan: RowPlan) -> ImportRow:
    candidate = Candidate.objects.filter(pk=plan.candidate_id).first()
    if candidate is None:
        return ImportRow(run=run, row_number=plan.number, action=RowAction.ERROR,
                         reason=f"row {plan.number}: the matching candidate was deleted meanwhile")
    # The email identifies the person: an update fills in the rest, never replaces it.
    fields = {name: value for name, value in plan.fields.items() if name != "email"}
    previous = {name: getattr(candidate, name) for name in fields}
    try:
        with transaction.atomic():
            changed = candidate_update(candidate=candidate, changed_by=run.created_by, **fields)
    except IntegrityError:
        return ImportRow(run=run, row_number=plan.number, action=RowAction.ERROR,
                         reason=f"row {plan.number}: the update was refused by the database")
    return ImportRow(run=run, row_number=plan.number, action=RowAction.UPDATE, candidate=candidate,
                     reason=plan.reason[:300], previous={name: previous[name] for name in changed})


def import_undo(*, run: ImportRun) -> None:
    """Take the import back: its updates reverted, its new candidates removed, nothing else touched."""
    if ImportRun.objects.filter(pk=run.pk, status=ImportStatus.UNDOING).count() == 0:
        return
    with transaction.atomic():
        # Newest row first, so a candidate two rows updated ends with the values it had before both.
        updates = run.rows.filter(action=RowAction.UPDATE, candidate__isnull=False).order_by("-row_number")
        for row in updates.select_related("candidate"):
            if row.previous:
                candidate_update(candidate=row.candidate, changed_by=run.created_by, **row.previous)
        created = list(run.rows.filter(action=RowAction.CREATE, candidate__isnull=False)
                       .values_list("candidate_id", flat=True))
        for start in range(0, len(created), DELETE_BATCH):
            Candidate.objects.filter(pk__in=created[start:start + DELETE_BATCH]).delete()
        ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.UNDONE, undone_at=timezone.now())
