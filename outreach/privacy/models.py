"""A data protection request a candidate made, logged by an admin, due within a month (GDPR Art. 12(3))."""
import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from candidates.models import Candidate


class RequestKind(models.TextChoices):
    ACCESS = "access", "Access / portability (Art. 15, 20)"
    ERASURE = "erasure", "Erasure (Art. 17)"
    RECTIFICATION = "rectification", "Rectification (Art. 16)"
    OBJECTION = "objection", "Objection (Art. 21)"


def due_for(received_on: dt.date) -> dt.date:
    """One month after receipt; from 31 January that is 28 (or 29) February."""
    return received_on + relativedelta(months=1)


class DataRequest(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="data_requests")
    kind = models.CharField(max_length=20, choices=RequestKind.choices)
    received_on = models.DateField(help_text="The day the request reached us: the month runs from here.")
    due_on = models.DateField(editable=False)
    notes = models.TextField(blank=True, help_text="How it came in, what was asked, what was done.")
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["completed_on", "due_on", "id"]
        indexes = [models.Index(fields=["completed_on", "due_on"], name="datarequest_open_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} request of {self.received_on:%d %b %Y}"

    def save(self, *args, **kwargs):
        self.due_on = due_for(self.received_on)
        super().save(*args, **kwargs)

    @property
    def days_left(self) -> int:
        return (self.due_on - timezone.localdate()).days

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)


class ErasureVia(models.TextChoices):
    REQUEST = "request", "The candidate's request"
    RETENTION = "retention", "The retention rule"


class Erasure(models.Model):
    """That a candidate was erased, when, by whom and on what grounds; nothing of who they were.

    The candidate row itself stays, anonymised, so the team's figures (funnel, touch points per
    week, interviews) still add up; this row is how the app knows it is an erased one.
    """

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="erasure")
    erased_at = models.DateTimeField()
    erased_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    via = models.CharField(max_length=10, choices=ErasureVia.choices)
    request = models.ForeignKey(DataRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Rows anonymised or removed, per table ("Touch points": 12), for the record.
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-erased_at", "-id"]
        indexes = [models.Index(fields=["erased_at"], name="erasure_at")]
        permissions = [("erase_candidates", "Can erase candidates and run the retention review")]

    def __str__(self) -> str:
        return f"Candidate #{self.candidate_id} erased {self.erased_at:%d %b %Y}"


class RetentionSettings(models.Model):
    """The team's retention rule (one row): who is flagged for erasure, and how long before it happens."""

    enabled = models.BooleanField(
        "Apply the retention rule", default=False,
        help_text="Off: nobody is flagged or erased by the daily job. On: flagged candidates are erased after "
                  "the grace period unless an admin keeps them.")
    months_without_touch = models.PositiveSmallIntegerField(
        "Months without a touch", default=36, validators=[MinValueValidator(6), MaxValueValidator(240)],
        help_text="Flag candidates nobody has been in touch with for this long (6–240 months).")
    grace_days = models.PositiveSmallIntegerField(
        "Grace period (days)", default=30, validators=[MinValueValidator(7), MaxValueValidator(365)],
        help_text="How long a flagged candidate stays on the review list before being erased (7–365 days).")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "retention rule"

    def __str__(self) -> str:
        state = "on" if self.enabled else "off"
        return (f"Flag after {self.months_without_touch} months without a touch, "
                f"erase {self.grace_days} days later ({state})")

    @classmethod
    def current(cls) -> "RetentionSettings":
        row, _ = cls.objects.get_or_create(pk=1)
        return row


class ReviewStatus(models.TextChoices):
    FLAGGED = "flagged", "Flagged for erasure"
    KEPT = "kept", "Kept by an admin"


class RetentionReview(models.Model):
    """A candidate the retention rule caught: flagged (erased on `erase_on`) or kept by an admin until `kept_until`."""

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="retention_review")
    status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.FLAGGED)
    reason = models.CharField(max_length=200)
    flagged_on = models.DateField()
    erase_on = models.DateField()
    kept_until = models.DateField(null=True, blank=True)
    kept_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")

    class Meta:
        ordering = ["erase_on", "id"]
        indexes = [models.Index(fields=["status", "erase_on"], name="review_status_erase_on")]

    def __str__(self) -> str:
        return f"Retention review of candidate #{self.candidate_id}"


class RetentionRun(models.Model):
    """What the daily retention job did on one day (a second run that day adds to the same row)."""

    ran_on = models.DateField(unique=True)
    finished_at = models.DateTimeField()
    flagged = models.PositiveIntegerField(default=0)
    erased = models.PositiveIntegerField(default=0)
    kept = models.PositiveIntegerField(default=0, help_text="Matched the rule but an admin keeps them.")
    cleared = models.PositiveIntegerField(default=0,
                                          help_text="Flagged before, no longer matching (touched, consented).")

    class Meta:
        ordering = ["-ran_on"]

    def __str__(self) -> str:
        return f"Retention run of {self.ran_on:%d %b %Y}"
