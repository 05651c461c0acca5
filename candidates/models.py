"""People and their history: the candidate, past interviews, scorecards, career moves."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords
from timezone_field import TimeZoneField

from .choices import (
    INACTIVE_STAGES,
    MAX_PAY,
    Currency,
    GotAwayReason,
    InterviewOutcome,
    InterviewStage,
    Recommendation,
    Role,
    Source,
    Stage,
    Tier,
    money_label,
)
from .dates import validate_happened
from .querysets import CandidateQuerySet, CareerUpdateQuerySet, InterviewQuerySet

# One tag longer than this is a sentence pasted into the wrong box.
MAX_SKILL_CHARS = 60


def default_digest_weekdays() -> list[int]:
    return [0, 1, 2, 3, 4]


class RecruiterProfile(models.Model):
    """What we need to know about a team member beyond the login: where and when they work."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    timezone = TimeZoneField(default="UTC", use_pytz=False)
    digest_hour = models.PositiveSmallIntegerField(
        default=8, validators=[MaxValueValidator(23)], help_text="Local hour (0–23) the daily digest arrives."
    )
    digest_weekdays = models.JSONField(default=default_digest_weekdays, blank=True)
    digests_enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(digest_hour__lte=23), name="profile_digest_hour_0_23"),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    @property
    def role(self) -> str:
        user = self.user
        if user.is_superuser or user.groups.filter(name="Admins").exists():
            return Role.ADMIN
        if user.has_perm("candidates.view_team_dashboard"):
            return Role.MANAGER
        return Role.RECRUITER


def split_skills(text: str) -> list[str]:
    """ "python ,  django,, Python" -> ["python", "django"]: typed, comma-separated skills as tags."""
    return skill_tags(text.split(","))


def skill_tags(values) -> list[str]:
    """Tags trimmed, spaces collapsed, empty ones dropped, and each once whatever its case (the first spelling wins)."""
    tags, seen = [], set()
    for value in values:
        tag = " ".join(str(value).split())[:MAX_SKILL_CHARS]
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tags


class Candidate(models.Model):
    full_name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=40, blank=True)
    linkedin_url = models.URLField("LinkedIn", max_length=300, blank=True)
    github_url = models.URLField("GitHub", max_length=300, blank=True)
    portfolio_url = models.URLField("Portfolio", max_length=300, blank=True)
    location = models.CharField(max_length=120, blank=True)
    headline = models.CharField(max_length=200, blank=True)
    # Tags as typed, e.g. ["Python", "Django"] (skill_tags() cleans them); compared without regard to case.
    skills = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.OTHER)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_candidates"
    )
    tier = models.PositiveSmallIntegerField(choices=Tier.choices, default=Tier.WARM)
    got_away_reason = models.CharField(max_length=30, choices=GotAwayReason.choices, blank=True)
    got_away_detail = models.TextField(max_length=4000, blank=True)
    got_away_on = models.DateField(null=True, blank=True, validators=[validate_happened])
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.GOT_AWAY)
    current_company = models.CharField(max_length=200, blank=True)
    current_title = models.CharField(max_length=200, blank=True)
    # What would bring them back: the re-approach signals (outreach.signals) read these.
    expected_pay_currency = models.CharField("Currency", max_length=3, choices=Currency.choices, blank=True)
    expected_pay = models.PositiveIntegerField(
        "Expected pay", null=True, blank=True, validators=[MaxValueValidator(MAX_PAY)],
        help_text="Yearly, in whole units of the currency: 140000.",
    )
    follow_up_on = models.DateField("Follow up on", null=True, blank=True)
    open_to_relocation = models.BooleanField("Open to relocation", default=False)
    open_to_remote = models.BooleanField("Open to remote work", default=False)
    do_not_contact = models.BooleanField(default=False)
    # True for rows made by generate_scale_data, so it never mistakes real data for its own.
    is_generated = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CandidateQuerySet.as_manager()
    # Audit trail: who changed which field and when (shown to managers on the candidate page).
    history = HistoricalRecords(excluded_fields=["updated_at", "is_generated"])

    class Meta:
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="candidate_email_ci_unique"),
        ]
        indexes = [
            models.Index(fields=["owner", "tier"], name="candidate_owner_tier"),
            models.Index(fields=["tier", "stage"], name="candidate_tier_stage"),
            models.Index(fields=["stage"], name="candidate_stage"),
            models.Index(fields=["got_away_reason", "tier"], name="candidate_reason_tier"),
            models.Index(fields=["full_name", "id"], name="candidate_name_id"),
            # The list's sorts: tier, then recently added (read backwards); name is above.
            models.Index(fields=["tier", "full_name", "id"], name="candidate_tier_name_id"),
            models.Index(fields=["created_at", "id"], name="candidate_created_id"),
            # The signal job's "follow-up date reached": a range over the few who have one.
            models.Index(fields=["follow_up_on"], condition=models.Q(follow_up_on__isnull=False),
                         name="candidate_follow_up_on"),
            # Its incremental runs: who changed since the last one.
            models.Index(fields=["updated_at"], name="candidate_updated_at"),
        ]
        permissions = [("view_team_dashboard", "Can view the team dashboard")]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("candidates:detail", args=[self.pk])

    @property
    def accepts_check_ins(self) -> bool:
        """False once they asked us to stop: never due, however old their schedule is."""
        return not self.do_not_contact and self.stage not in INACTIVE_STAGES

    @property
    def skill_list(self) -> list[str]:
        # Tidied again on the way out: a row written by SQL or an old import may hold stray spaces or repeats.
        return skill_tags(self.skills or [])

    @property
    def expected_pay_label(self) -> str:
        """ "£150k", or "" when they have not said."""
        return money_label(self.expected_pay_currency, self.expected_pay) if self.expected_pay_currency else ""

    @property
    def current_role(self) -> str:
        if self.current_title and self.current_company:
            return f"{self.current_title} at {self.current_company}"
        return self.current_title or self.current_company


class StageChange(models.Model):
    """One step along the re-engagement path: feeds the timeline and the manager's funnel."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    changed_at = models.DateTimeField(validators=[validate_happened])

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["candidate", "changed_at"], name="stagechange_candidate_at"),
            models.Index(fields=["changed_at", "to_stage"], name="stagechange_at_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.from_stage or '—'} → {self.to_stage}"


def company_key(name: str) -> str:
    """ "  ACME  Corp " -> "acme corp": the spelling-blind key that makes two entries one company."""
    return " ".join(name.split()).casefold()


class Company(models.Model):
    """An employer our candidates moved to: "3 of our got-aways now work at Acme" is a count over this."""

    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = company_key(self.name)
        super().save(*args, **kwargs)


class CareerUpdate(models.Model):
    """A step in the career they took elsewhere, so we know when to reach out again."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="career_updates")
    company = models.CharField(max_length=200)
    # The same employer as one record, whatever the spelling typed (set by candidates.services).
    employer = models.ForeignKey(Company, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="career_updates")
    title = models.CharField(max_length=200)
    started_on = models.DateField(null=True, blank=True, validators=[validate_happened])
    note = models.TextField(max_length=4000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    recorded_at = models.DateTimeField(validators=[validate_happened])

    objects = CareerUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-recorded_at", "-id"]
        indexes = [
            models.Index(fields=["candidate", "recorded_at"], name="career_candidate_at"),
            # Career moments: anniversaries by start date, and new titles by when they were recorded.
            models.Index(fields=["started_on"], name="career_started_on"),
            models.Index(fields=["recorded_at"], name="career_recorded_at"),
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.company}"


class Interview(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="interviews")
    role_title = models.CharField("Role", max_length=200)
    occurred_on = models.DateField("Date", validators=[validate_happened])
    stage = models.CharField(max_length=20, choices=InterviewStage.choices, default=InterviewStage.SCREEN)
    interviewers = models.CharField(max_length=300, blank=True, help_text="Names, comma-separated.")
    outcome = models.CharField(max_length=20, choices=InterviewOutcome.choices, default=InterviewOutcome.NO_DECISION)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["candidate", "occurred_on"], name="interview_candidate_on"),
            # The manager dashboard counts interviews in a date range across all candidates.
            models.Index(fields=["occurred_on"], name="interview_occurred_on"),
            # The re-approach signal job: interviews logged since its last pass.
            models.Index(fields=["created_at"], name="interview_created_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} interview for {self.role_title}"


RATING_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class FeedbackSharedVia(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone call"
    MEETING = "meeting", "Meeting / video call"


class Feedback(models.Model):
    """A scorecard on one interview, plus a note worded for the candidate themself."""

    # Named attributes rated 1–5; listed once so forms, templates and averages agree.
    RATING_FIELDS = ("rating_technical", "rating_problem_solving", "rating_communication", "rating_collaboration")

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    rating_technical = models.PositiveSmallIntegerField("Technical skills", validators=RATING_VALIDATORS)
    rating_problem_solving = models.PositiveSmallIntegerField("Problem solving", validators=RATING_VALIDATORS)
    rating_communication = models.PositiveSmallIntegerField("Communication", validators=RATING_VALIDATORS)
    rating_collaboration = models.PositiveSmallIntegerField("Collaboration", validators=RATING_VALIDATORS)
    strengths = models.TextField(max_length=4000, blank=True)
    concerns = models.TextField(max_length=4000, blank=True)
    recommendation = models.PositiveSmallIntegerField(choices=Recommendation.choices)
    candidate_note = models.TextField(
        "Note for the candidate", max_length=4000, blank=True, help_text="Worded to be shared with the candidate."
    )
    shared_at = models.DateTimeField(null=True, blank=True, validators=[validate_happened])
    shared_via = models.CharField(max_length=20, choices=FeedbackSharedVia.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "feedback"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    rating_technical__range=(1, 5),
                    rating_problem_solving__range=(1, 5),
                    rating_communication__range=(1, 5),
                    rating_collaboration__range=(1, 5),
                    recommendation__range=(1, 5),
                ),
                name="feedback_ratings_1_5",
            ),
        ]
        indexes = [
            models.Index(fields=["shared_at"], name="feedback_shared_at"),
            # The re-approach signal job: scorecards written since its last pass.
            models.Index(fields=["created_at"], name="feedback_created_at"),
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.interview}"

    @property
    def ratings(self) -> list[tuple[str, int]]:
        return [(self._meta.get_field(f).verbose_name, getattr(self, f)) for f in self.RATING_FIELDS]

    @property
    def average_rating(self) -> float:
        values = [getattr(self, f) for f in self.RATING_FIELDS]
        return round(sum(values) / len(values), 1)
