"""Keeping in touch: every touch point, and each candidate's check-in schedule."""
import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from candidates.choices import Tier
from candidates.dates import validate_happened
from candidates.models import Candidate
from candidates.querysets import NEVER_TOUCHED

from .choices import MAX_CADENCE_DAYS, Cadence, Direction, TouchKind
from .querysets import ScheduleQuerySet, TouchPointQuerySet


class TouchPoint(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="touch_points")
    kind = models.CharField(max_length=20, choices=TouchKind.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.OUTBOUND)
    occurred_at = models.DateTimeField(validators=[validate_happened])
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    summary = models.TextField(max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TouchPointQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["candidate", "-occurred_at"], name="touch_candidate_at"),
            models.Index(fields=["author", "occurred_at"], name="touch_author_at"),
            models.Index(fields=["occurred_at", "kind"], name="touch_at_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.candidate} on {self.occurred_at:%Y-%m-%d}"


LAST_TOUCH_INDEX_KEY = Coalesce(F("last_touch_at"), Value(NEVER_TOUCHED))


class CheckInSchedule(models.Model):
    """When we next owe this candidate a check-in. One per candidate."""

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="schedule")
    # Copies of the candidate's owner and tier, kept in step by outreach.receivers, so the
    # due lists (one recruiter's, or one tier's) are index range scans on this table rather
    # than joins probing that recruiter's candidates, scattered over the whole table.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    tier = models.PositiveSmallIntegerField(choices=Tier.choices)
    cadence_days = models.PositiveSmallIntegerField(default=Cadence.MONTHLY)
    # False while the cadence is the tier's default, so a tier change can move it.
    cadence_customised = models.BooleanField(default=False)
    preferred_channel = models.CharField(max_length=20, choices=TouchKind.choices, default=TouchKind.EMAIL)
    last_touch_at = models.DateTimeField(null=True, blank=True, validators=[validate_happened])
    last_touch_summary = models.CharField(max_length=300, blank=True)
    next_due_at = models.DateTimeField(db_index=True)
    paused = models.BooleanField(default=False)
    snoozed_until = models.DateTimeField(null=True, blank=True)
    # Set by the flag-overdue job when next_due_at passes; cleared once no longer due. Not indexed.
    overdue_since = models.DateTimeField(null=True, blank=True, validators=[validate_happened])
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScheduleQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(cadence_days__gte=1, cadence_days__lte=MAX_CADENCE_DAYS), name="schedule_cadence_range"
            ),
        ]
        indexes = [
            # The due lists and the overdue job only ever look at active schedules.
            models.Index(fields=["next_due_at"], condition=Q(paused=False), name="schedule_active_due"),
            # Deliberately no index mentions overdue_since (nothing lists by it): the
            # flag-overdue job's writes then stay on the row's own page (a HOT update,
            # see migration 0004) instead of adding an entry to every index.

            # The candidate list's "Next check-in" and "Last touch" sorts, key then candidate,
            # the exact expressions of LIST_SORTS, so any page of them is an index scan.
            models.Index(F("next_due_at"), F("candidate"), name="schedule_list_next_due"),
            models.Index(LAST_TOUCH_INDEX_KEY, F("candidate"), name="schedule_list_last_touch"),
            # One recruiter's schedules in check-in order (My check-ins, the daily digests). Not
            # partial, unlike the one below, so it is also what deleting a user checks (PROTECT).
            models.Index(fields=["owner", "tier", "next_due_at", "id"], name="schedule_owner_checkin"),
            # One tier's active schedules, longest overdue first (the dashboard's overdue list).
            models.Index(
                fields=["tier", "next_due_at", "id"], condition=Q(paused=False), name="schedule_active_tier_due"
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in for {self.candidate_id} every {self.cadence_days} days"

    @property
    def cadence_label(self) -> str:
        try:
            return Cadence(self.cadence_days).label
        except ValueError:
            return f"Every {self.cadence_days} days"

    def days_overdue(self, now: dt.datetime | None = None) -> int:
        now = now or timezone.now()
        return max((now - self.next_due_at).days, 0)

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        # The one-row twin of ScheduleQuerySet.active().due_by(now).
        return not self.paused and self.candidate.accepts_check_ins and self.next_due_at <= (now or timezone.now())


class DigestKind(models.TextChoices):
    DAILY = "daily", "Daily check-in digest"
    MANAGER_WEEKLY = "manager_weekly", "Weekly team digest"


class DigestStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Digest(models.Model):
    """One digest email for one person and one local date: the unit of "exactly once".

    The row is created before anything is enqueued, holds what the email will
    list, and moves pending -> sending -> sent (or failed) through conditional
    UPDATEs, so a duplicate task or a second worker finds nothing left to do.
    """

    # Names candidates in passing: erasing one scrubs them from here (outreach/privacy).
    erasure_mentions = ("content",)

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    kind = models.CharField(max_length=20, choices=DigestKind.choices, default=DigestKind.DAILY)
    # The recipient's own calendar date the digest is for, in their timezone.
    local_date = models.DateField()
    status = models.CharField(max_length=10, choices=DigestStatus.choices, default=DigestStatus.PENDING)
    overdue_count = models.PositiveIntegerField(default=0)
    due_today_count = models.PositiveIntegerField(default=0)
    # A snapshot of what the email lists, taken when the digest was queued.
    content = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-local_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "local_date"], name="digest_once_per_local_date"),
        ]
        indexes = [
            # The sweep only looks at digests that are not finished yet.
            models.Index(
                fields=["status", "created_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="digest_unfinished",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient} on {self.local_date}"

    @property
    def subject(self) -> str:
        return self.content.get("subject", "")


class SchedulerHeartbeat(models.Model):
    """Last time the beat scheduler got a task through to a worker; one row per name."""

    name = models.CharField(max_length=50, unique=True)
    beat_at = models.DateTimeField()
    # Which beat process (host:pid) wrote the row, for the single-beat rows (outreach/single_beat.py).
    holder = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M}"


class HourCounts(models.Field):
    """24 counts, one per UTC hour of a roll-up row's day: an integer array on PostgreSQL.

    Only the roll-up's SQL writes and reads it, and the roll-ups are a PostgreSQL feature
    (a SQLite install is small and its dashboard computes live), so elsewhere it is text.
    """

    def db_type(self, connection):
        return "integer[]" if connection.vendor == "postgresql" else "text"


class DashboardCount(models.Model):
    """One number of the manager dashboard's roll-ups: a count for one figure, day and group.

    Written only by outreach/dashboard/rollup.py (set-based SQL). The group is the
    candidates' current owner and tier, 0 meaning "whole team" or "all tiers", so a
    filter reads the rows of its own level instead of adding up the team. `day` is the
    UTC day of an instant (with `hours` splitting it by UTC hour) or the date of a dated
    row; figures that count candidates rather than events also key on `prev_day`, the
    candidate's previous day for that figure (see rollup.py). Plain ids, not foreign keys:
    removing a user never waits on these rows.
    """

    figure = models.PositiveSmallIntegerField()
    tier = models.PositiveSmallIntegerField()
    owner_id = models.PositiveIntegerField()
    day = models.DateField()
    key = models.CharField(max_length=32, blank=True)
    prev_day = models.DateField()
    n = models.IntegerField()
    hours = HourCounts(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["figure", "tier", "owner_id", "day", "key", "prev_day"],
                                    name="dashboard_count_key"),
        ]
        indexes = [
            # The team table: every recruiter's count over a range of days, from the index alone.
            models.Index(fields=["figure", "tier", "day"], include=["owner_id", "n"], name="dashboard_count_team"),
        ]

    def __str__(self) -> str:
        return f"figure {self.figure} tier {self.tier} owner {self.owner_id} {self.day} {self.key}: {self.n}"


class DashboardChange(models.Model):
    """Something the roll-ups must look at again: a past day of a figure family, or an owner's book.

    Appended by outreach/dashboard/changes.py when a past touch point, stage change,
    interview or scorecard is written or removed, or a candidate changes owner or tier (with
    the owner and tier they had); the refresh deletes the ones it read.
    """

    family = models.PositiveSmallIntegerField()
    day = models.DateField(null=True)
    candidate_id = models.PositiveIntegerField(null=True)
    owner_id = models.PositiveIntegerField(null=True)
    # A candidate who changed owner or tier: the tier they had (owner_id holds the owner).
    tier = models.PositiveSmallIntegerField(null=True)

    def __str__(self) -> str:
        return f"family {self.family} day {self.day} candidate {self.candidate_id} owner {self.owner_id}"


class DashboardRollupState(models.Model):
    """The roll-ups' one row: which days they hold and when they were last refreshed."""

    # Events before this moment are in the roll-ups (dated ones: days before its date); the
    # page reads what came after live.
    rolled_until = models.DateTimeField()
    refreshed_at = models.DateTimeField()
    rebuilt_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"roll-ups until {self.rolled_until:%Y-%m-%d %H:%M}, rebuilt {self.rebuilt_at:%Y-%m-%d %H:%M}"


class DigestLinkUse(models.Model):
    """A digest's one-click link ("Logged it", "Snooze a week") that has been used, so a second
    click, a reload or a second tab cannot log the same touch twice.

    Keyed on a hash of the signed link: the link itself is a credential and is never stored.
    """

    link_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=10)
    used_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.action} for {self.candidate_id} by {self.user_id} at {self.used_at:%Y-%m-%d %H:%M}"


def new_calendar_key() -> str:
    return secrets.token_urlsafe(24)


class CalendarSubscription(models.Model):
    """A recruiter's secret calendar link (their check-ins and the events they host).

    The link signs `key`, a random string that names nobody; "reset link" draws a new key,
    so every copy of the old link stops working at once.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar")
    key = models.CharField(max_length=40, unique=True, default=new_calendar_key)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar link of {self.user}"
