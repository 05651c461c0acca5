"""A re-approach signal: one reason, in words, to get back in touch with one candidate now."""
from django.conf import settings
from django.db import models
from django.db.models import Q

from candidates.models import Candidate
from outreach.openings.models import Opening

from .choices import SignalKind, SignalState


class Signal(models.Model):
    """Kept by the signal job (outreach.signals.job); one row per candidate, kind and subject.

    The subject says what the signal is about ("opening:12", "anniversary:12:2025-06-01"), so a
    dismissed one is never raised again while a new reason of the same kind still can be.
    """

    # Its reason names the candidate: an erasure deletes the row rather than blanking it.
    erasure_deletes = True

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="signals")
    # A copy of the candidate's owner, kept by the job, so one recruiter's live signals are one
    # index range rather than a join probing their candidates across the whole table.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", db_index=False)
    kind = models.CharField(max_length=30, choices=SignalKind.choices)
    subject = models.CharField(max_length=80)
    score = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=300)
    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, null=True, blank=True, related_name="signals")
    state = models.CharField(max_length=10, choices=SignalState.choices, default=SignalState.LIVE)
    detected_at = models.DateTimeField()
    refreshed_at = models.DateTimeField()
    # Warming up and career moments are news for a while, then not: the job drops them after this.
    expires_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")

    class Meta:
        ordering = ["-score", "-detected_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "kind", "subject"], name="signal_once_per_subject"),
        ]
        indexes = [
            # A candidate's live signals (their page; acting on them when a touch is logged).
            models.Index(fields=["candidate", "-score"], condition=Q(state="live"), name="signal_live_candidate"),
            # A recruiter's live signals (Who to contact today, the digest): one range.
            models.Index(fields=["owner", "-score"], condition=Q(state="live"), name="signal_live_owner"),
            # The job's clean-up of one kind, and of expired ones.
            models.Index(fields=["kind", "expires_at"], condition=Q(state="live"), name="signal_live_kind_expiry"),
            models.Index(fields=["opening"], condition=Q(state="live"), name="signal_live_opening"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.candidate_id}"

    @property
    def is_live(self) -> bool:
        return self.state == SignalState.LIVE


class SignalRun(models.Model):
    """One pass of the signal job: what it looked at and what it changed, for the admin and the next pass."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    full = models.BooleanField(default=False)
    # Changes after this moment were looked at (the previous run's start); null on a full run.
    since = models.DateTimeField(null=True, blank=True)
    found = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"Signal run at {self.started_at:%Y-%m-%d %H:%M}"
