"""A sequence (its steps in order), each candidate's enrolment in one, and each step's run for an enrolment."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from timezone_field import TimeZoneField

from candidates.models import Candidate
from outreach.mail.models import OutboundEmail

from .choices import EnrolmentStatus, RunStatus, StepKind, StopReason, TaskKind
from .querysets import EnrolmentQuerySet, StepRunQuerySet

# A wait longer than this many business days is a typo, not a plan.
MAX_WAIT_DAYS = 60


class Sequence(models.Model):
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sequences")
    # The send window, in the candidate's local time when known, else the recruiter's.
    window_start_hour = models.PositiveSmallIntegerField("Send from (hour)", default=9,
                                                         validators=[MaxValueValidator(23)])
    window_end_hour = models.PositiveSmallIntegerField("Send until (hour)", default=17,
                                                       validators=[MinValueValidator(1), MaxValueValidator(24)])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.CheckConstraint(condition=Q(window_start_hour__lt=models.F("window_end_hour")),
                                              name="sequence_window_order")]
        permissions = [("enrol_any_candidate", "Can enrol candidates other recruiters own")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("sequences:detail", args=[self.pk])


class Step(models.Model):
    """One step. Editing it changes what is not sent yet: sent emails keep their own copy (OutboundEmail)."""

    sequence = models.ForeignKey(Sequence, on_delete=models.CASCADE, related_name="steps")
    # Enrolments remember the next position to run, so steps are appended, never renumbered.
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=StepKind.choices)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(max_length=20_000, blank=True)
    same_thread = models.BooleanField("Send as a reply in the same thread", default=True,
                                      help_text="Sent as a reply to the previous email step; otherwise a new thread.")
    wait_days = models.PositiveSmallIntegerField("Business days", null=True, blank=True,
                                                 validators=[MinValueValidator(1), MaxValueValidator(MAX_WAIT_DAYS)])
    task_kind = models.CharField("Task", max_length=10, choices=TaskKind.choices, blank=True)
    task_note = models.CharField("Note", max_length=300, blank=True)
    # A step some enrolment already ran is retired rather than deleted, so its history stays.
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sequence", "position"]
        constraints = [models.UniqueConstraint(fields=["sequence", "position"], name="step_position_once")]

    def __str__(self) -> str:
        return f"{self.position}. {self.describe()}"

    def describe(self) -> str:
        if self.kind == StepKind.EMAIL:
            return f"Email: {self.subject}"
        if self.kind == StepKind.WAIT:
            return f"Wait {self.wait_days} business day{'s' if self.wait_days != 1 else ''}"
        return f"Task: {self.get_task_kind_display()}" + (f" ({self.task_note})" if self.task_note else "")


class Enrolment(models.Model):
    sequence = models.ForeignKey(Sequence, on_delete=models.CASCADE, related_name="enrolments")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="sequence_enrolments")
    # Emails go out as this recruiter; tasks land on their My check-ins.
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The candidate's timezone when the recruiter knows it; otherwise the recruiter's is used.
    candidate_timezone = TimeZoneField(null=True, blank=True, use_pytz=False)
    status = models.CharField(max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE)
    # The next step to run is the first active one at or after this position.
    next_position = models.PositiveIntegerField(default=1)
    next_step_at = models.DateTimeField(null=True, blank=True)
    stop_reason = models.CharField(max_length=20, choices=StopReason.choices, blank=True)
    stop_detail = models.CharField(max_length=300, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One active sequence per candidate, held by the database against two recruiters at once.
            models.UniqueConstraint(fields=["candidate"], condition=Q(status="active"), name="enrolment_one_active"),
            # Each step's email is sent once per candidate and sequence (the mail batch key is per step).
            models.UniqueConstraint(fields=["sequence", "candidate"], name="enrolment_once_per_sequence"),
        ]
        indexes = [
            # The beat tick: due active enrolments, oldest first. Partial, so finished ones cost nothing.
            models.Index(fields=["next_step_at"], condition=Q(status="active"), name="enrolment_due"),
            models.Index(fields=["sequence", "status"], name="enrolment_sequence_status"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} in {self.sequence}"


class StepRun(models.Model):
    """One step run for one enrolment: the unit of "exactly once" (unique per enrolment and step)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="runs")
    # RESTRICT: a step that ran cannot be deleted on its own (it is retired), but goes with its sequence.
    step = models.ForeignKey(Step, on_delete=models.RESTRICT, related_name="runs")
    kind = models.CharField(max_length=10, choices=StepKind.choices)
    status = models.CharField(max_length=10, choices=RunStatus.choices)
    email = models.OneToOneField(OutboundEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Tasks land on this recruiter's My check-ins (the enrolling recruiter).
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = StepRunQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "step"], name="steprun_once")]
        indexes = [
            models.Index(fields=["assignee", "created_at"], condition=Q(status="open"), name="steprun_open_tasks"),
            models.Index(fields=["created_at"], condition=Q(status="pending"), name="steprun_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.step} for {self.enrolment}"
