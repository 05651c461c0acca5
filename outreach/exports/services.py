"""Asking for a background export, and clearing expired ones. Keyword-only, one transaction each."""
import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .building import exports_dir
from .models import CandidateExport, ExportStatus
from .tasks import build_candidate_export

User = get_user_model()

# A build still "running" this long after it started lost its worker (the task's limit is 30 minutes).
STUCK_AFTER = dt.timedelta(hours=1)
# Expired and failed exports stay listed (so "My exports" can say what happened) this long, then go.
FORGET_AFTER = dt.timedelta(days=90)


@transaction.atomic
def candidate_export_request(*, user: User, format: str, query: str) -> CandidateExport:
    export = CandidateExport.objects.create(requested_by=user, format=format, query=query)
    build_candidate_export.delay_on_commit(export.pk)
    return export


def candidate_exports_expire(*, now: dt.datetime | None = None) -> int:
    """Delete the files of exports past their expiry (the rows stay, marked expired); returns how many."""
    now = now or timezone.now()
    expired = 0
    for export in CandidateExport.objects.filter(status=ExportStatus.READY, expires_at__lte=now).only("file_name"):
        if export.file_name:
            (exports_dir() / export.file_name).unlink(missing_ok=True)
        expired += CandidateExport.objects.filter(pk=export.pk, status=ExportStatus.READY).update(
            status=ExportStatus.EXPIRED, file_name="")
    CandidateExport.objects.filter(status=ExportStatus.RUNNING, started_at__lt=now - STUCK_AFTER).update(
        status=ExportStatus.FAILED, finished_at=now, error="The worker stopped while building it. Ask again.")
    CandidateExport.objects.filter(status__in=[ExportStatus.EXPIRED, ExportStatus.FAILED],
                                   created_at__lt=now - FORGET_AFTER).delete()
    return expired
