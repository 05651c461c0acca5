"""Every write an import makes before it runs: the upload, the mapping and dry run, the go-ahead.

Running it and taking it back are in applying.py. Keyword-only, one transaction each.
"""
from django.contrib.auth import get_user_model
from django.db import transaction

from .mapping import guess_mapping
from .models import UNDOABLE, ImportMapping, ImportRun, ImportStatus, RowAction, file_pack
from .planning import plan_chunks
from .reading import read_table
from .tasks import apply_import, undo_import

User = get_user_model()
# The preview lists this many errors and duplicates on the page; the CSV has every row.
PREVIEW_NOTABLE_ROWS = 500


@transaction.atomic
def import_start(*, user: User, filename: str, data: bytes, saved_mapping: ImportMapping | None = None) -> ImportRun:
    """Read the header (refusing an unreadable file with UnreadableFile) and guess the mapping."""
    table = read_table(data, filename)
    headers = _unique_headers(table.headers)
    return ImportRun.objects.create(
        created_by=user, filename=filename[:255], source=file_pack(data), headers=headers,
        mapping=guess_mapping(headers, saved_mapping.mapping if saved_mapping else None),
    )


def _unique_headers(headers: list[str]) -> list[str]:
    # Two columns both called "Email" still need telling apart in the mapping form.
    seen, unique = {}, []
    for index, header in enumerate(headers):
        header = header or f"Column {index + 1}"
        seen[header] = seen.get(header, 0) + 1
        unique.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return unique


@transaction.atomic
def import_configure(
    *, run: ImportRun, mapping: dict[str, str], email_policy: str, linkedin_policy: str, likely_policy: str,
    save_as: str = "",
) -> ImportRun:
    """Store the recruiter's mapping and choices, then dry-run the file: nothing else is written."""
    run.mapping = {header: mapping.get(header, "") for header in run.headers}
    run.email_policy, run.linkedin_policy, run.likely_policy = email_policy, linkedin_policy, likely_policy
    if save_as:
        ImportMapping.objects.update_or_create(owner=run.created_by, name=save_as, defaults={"mapping": run.mapping})
    counts = dict.fromkeys(RowAction.values, 0)
    duplicates, notable = 0, []
    for chunk in plan_chunks(run):
        for plan in chunk:
            counts[plan.action] += 1
            duplicates += bool(plan.duplicate)
            if (plan.action == RowAction.ERROR or plan.duplicate) and len(notable) < PREVIEW_NOTABLE_ROWS:
                notable.append({"row": plan.number, "action": plan.action, "reason": plan.reason})
    run.total_rows = sum(counts.values())
    run.preview = {"counts": counts, "duplicates": duplicates, "notable": notable}
    run.status = ImportStatus.PREVIEWED
    # Not the uploaded file: sending 50 MB back to the database it came from costs seconds and memory.
    run.save(update_fields=["mapping", "email_policy", "linkedin_policy", "likely_policy", "total_rows", "preview",
                            "status"])
    return run


@transaction.atomic
def import_confirm(*, run: ImportRun) -> bool:
    """The go-ahead after the preview: queue the import once, however often it is clicked."""
    queued = ImportRun.objects.filter(pk=run.pk, status=ImportStatus.PREVIEWED).update(status=ImportStatus.QUEUED)
    if queued:
        transaction.on_commit(lambda: apply_import.delay(run.pk))
    return bool(queued)


@transaction.atomic
def import_undo_request(*, run: ImportRun) -> bool:
    if not run.can_undo():
        return False
    claimed = ImportRun.objects.filter(pk=run.pk, status__in=UNDOABLE).update(status=ImportStatus.UNDOING)
    if claimed:
        transaction.on_commit(lambda: undo_import.delay(run.pk))
    return bool(claimed)
