"""An import run (one uploaded file, from upload to undo), its per-row outcomes, saved mappings."""
import datetime as dt
import gzip

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate

from .querysets import ImportRunQuerySet

# How long after it finished an import can still be taken back.
UNDO_WINDOW = dt.timedelta(days=7)
GZIP_MAGIC = b"\x1f\x8b"


class DuplicatePolicy(models.TextChoices):
    SKIP = "skip", "Skip the row"
    UPDATE = "update", "Update the existing candidate"
    CREATE = "create", "Create a new candidate anyway"


class ImportStatus(models.TextChoices):
    MAPPING = "mapping", "Choosing columns"
    PREVIEWED = "previewed", "Previewed, waiting for confirmation"
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Failed"
    UNDOING = "undoing", "Being undone"
    UNDONE = "undone", "Undone"


# A failed run may have imported part of the file: that part can be taken back too.
UNDOABLE = (ImportStatus.DONE, ImportStatus.FAILED)


def file_pack(data: bytes) -> bytes:
    """The upload as stored: compressed fast, so storing and reading a 50 MB file back is cheap in time and memory."""
    return gzip.compress(data, compresslevel=1, mtime=0)


def file_unpack(stored) -> bytes:
    stored = bytes(stored)
    # A run uploaded before files were stored compressed holds the file as it came (a CSV or
    # an .xlsx never starts with the gzip mark).
    return gzip.decompress(stored) if stored[:2] == GZIP_MAGIC else stored


class ImportRun(models.Model):
    # The preview's notable rows and a failure quote people from the file: erasure scrubs them.
    erasure_mentions = ("preview", "failure")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_runs")
    filename = models.CharField(max_length=255)
    # The uploaded bytes, compressed (a CSV shrinks to a fifth), kept only until the import has
    # run (the rows below are what undo needs). Read them with `file_bytes`.
    source = models.BinaryField(editable=False, null=True)
    headers = models.JSONField(default=list)
    # Column header -> candidate field ("" to ignore the column).
    mapping = models.JSONField(default=dict)
    email_policy = models.CharField(max_length=10, choices=DuplicatePolicy.choices, default=DuplicatePolicy.SKIP)
    linkedin_policy = models.CharField(max_length=10, choices=DuplicatePolicy.choices, default=DuplicatePolicy.SKIP)
    likely_policy = models.CharField(max_length=10, choices=DuplicatePolicy.choices, default=DuplicatePolicy.CREATE)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.MAPPING)
    # The dry run's counts per action and its first notable rows (errors and duplicates).
    preview = models.JSONField(default=dict, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    failure = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "created_at"], name="importrun_by_at")]

    def __str__(self) -> str:
        return f"Import of {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("imports:detail", args=[self.pk])

    @property
    def file_bytes(self) -> bytes:
        return file_unpack(self.source)

    @property
    def undo_until(self) -> dt.datetime | None:
        return self.finished_at + UNDO_WINDOW if self.finished_at else None

    def can_undo(self, now: dt.datetime | None = None) -> bool:
        return self.status in UNDOABLE and self.finished_at is not None and (now or timezone.now()) < self.undo_until

    @property
    def is_running(self) -> bool:
        """Queued, importing or being undone: the page keeps polling."""
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING, ImportStatus.UNDOING)

    @property
    def planned(self) -> dict[str, int]:
        """The dry run's count per row action (all zero before it has run)."""
        return {action: self.preview.get("counts", {}).get(action, 0) for action in RowAction.values}

    @property
    def planned_writes(self) -> int:
        return self.planned[RowAction.CREATE] + self.planned[RowAction.UPDATE]

    @property
    def percent(self) -> int:
        if self.status in (ImportStatus.DONE, ImportStatus.UNDONE):
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class RowAction(models.TextChoices):
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    SKIP = "skip", "Skip"
    ERROR = "error", "Error"


class ImportRow(models.Model):
    """What happened to one row: enough to report it and to take it back."""

    # A merge detaches these rather than moving them: undoing the import must never remove
    # the candidate an imported one was merged into.
    candidate_merge = "detach"

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField()
    action = models.CharField(max_length=10, choices=RowAction.choices)
    reason = models.CharField(max_length=300, blank=True)
    candidate = models.ForeignKey(
        Candidate, on_delete=models.SET_NULL, null=True, blank=True, related_name="import_rows")
    # For an update: the candidate's values before it, so undo can put them back.
    previous = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["run", "row_number"]
        constraints = [models.UniqueConstraint(fields=["run", "row_number"], name="importrow_run_row_unique")]
        indexes = [models.Index(fields=["candidate"], name="importrow_candidate")]

    def __str__(self) -> str:
        return f"Row {self.row_number}: {self.action}"


class ImportMapping(models.Model):
    """A column mapping kept for next time ("Our old ATS export")."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_mappings")
    name = models.CharField(max_length=100)
    mapping = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="importmapping_owner_name_unique")]

    def __str__(self) -> str:
        return self.name
