"""A candidate export built on a worker: too big to stream, or a spreadsheet (which cannot stream).

The file lives in EXPORTS_DIR, outside the media and static roots, and only its requester can
download it (views.py). It expires EXPORT_KEEP_DAYS after it was made: a periodic job deletes
the file and leaves the row, so the page can say so.
"""
from django.conf import settings
from django.db import models
from django.urls import reverse


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (.xlsx)"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired"


class CandidateExport(models.Model):
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                     related_name="candidate_exports")
    format = models.CharField(max_length=4, choices=ExportFormat.choices)
    # The candidate list's query string (filters and sort), applied again on the worker for the requester.
    query = models.CharField(max_length=2000, blank=True)
    status = models.CharField(max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    rows = models.PositiveIntegerField(default=0)
    size = models.PositiveBigIntegerField(default=0)
    # The file's name inside EXPORTS_DIR (random, never shown); empty until ready and after expiry.
    file_name = models.CharField(max_length=100, blank=True, editable=False)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="exports_mine"),
            models.Index(fields=["status", "expires_at"], name="exports_expiry"),
        ]

    def __str__(self) -> str:
        return f"Candidates as {self.get_format_display()} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("exports:detail", args=[self.pk])

    @property
    def download_name(self) -> str:
        return f"candidates-{self.created_at:%Y-%m-%d}.{self.format}"

    @property
    def is_waiting(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)
