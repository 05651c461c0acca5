"""Building one export on a worker: claimed once, written beside its final name, then renamed.

The claim (queued -> running) makes a redelivered task a no-op. The rows are the list's own:
the saved query string goes through the candidate list's filter form for the requester, as
the page would, at the time the worker runs.
"""
import logging
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone

from candidates.forms import CandidateFilterForm
from candidates.models import Candidate

from .models import CandidateExport, ExportStatus
from .writing import WRITERS

logger = logging.getLogger(__name__)


def exports_dir() -> Path:
    path = Path(settings.EXPORTS_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def export_queryset(export: CandidateExport):
    form = CandidateFilterForm(QueryDict(export.query))
    queryset = form.filter(Candidate.objects.all(), user=export.requested_by, now=timezone.now())
    return queryset.sorted_by(form.sort_key)


def candidate_export_build(*, export_id: int) -> bool:
    now = timezone.now()
    if not CandidateExport.objects.filter(pk=export_id, status=ExportStatus.QUEUED).update(
            status=ExportStatus.RUNNING, started_at=now):
        return False  # built already, or another worker has it
    export = CandidateExport.objects.select_related("requested_by").get(pk=export_id)
    if not export.requested_by.has_perm("candidates.view_candidate"):
        CandidateExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, finished_at=timezone.now(), error="You can no longer see candidates.")
        return False
    name = f"{secrets.token_hex(16)}.{export.format}"
    final = exports_dir() / name
    partial = final.with_suffix(final.suffix + ".part")
    try:
        rows = WRITERS[export.format](export_queryset(export), partial)
        os.replace(partial, final)
    except Exception:
        partial.unlink(missing_ok=True)
        logger.exception("Candidate export %s failed", export_id)
        CandidateExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, finished_at=timezone.now(),
            error="The export could not be written. Try again, or narrow the filters.")
        raise
    done = timezone.now()
    CandidateExport.objects.filter(pk=export_id).update(
        status=ExportStatus.READY, rows=rows, size=final.stat().st_size, file_name=name, finished_at=done,
        expires_at=done + settings.EXPORT_KEEP)
    return True
