"""An event, who was invited to it (and by whom), what they answered, and whether they came."""
import secrets
import uuid
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone as django_timezone

from candidates.models import Candidate

from .choices import Answer, Attendance, EventKind, EventStatus
from .querysets import EventQuerySet, InvitationQuerySet


def new_key() -> str:
    return secrets.token_urlsafe(18)


class Event(models.Model):
    """A happy hour, meetup, talk ...: its time in its own timezone, its place, its capacity.

    `uid` is the iCalendar UID every invitation, update and cancellation carries, and
    `sequence` counts the changes invitees were told about (RFC 5546: a calendar moves its
    entry when a message with the same UID and a higher SEQUENCE arrives).
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.HAPPY_HOUR)
    title = models.CharField(max_length=200)
    description = models.TextField("Description (Markdown)", max_length=10_000, blank=True)
    address = models.CharField(max_length=300, blank=True)
    # Shown only to invitees who are going (their RSVP page and reminder), never in the invitation.
    online_url = models.URLField("Online link", max_length=500, blank=True)
    timezone = models.CharField(max_length=64, default="Europe/London")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    capacity = models.PositiveIntegerField(null=True, blank=True)
    rsvp_deadline = models.DateTimeField("RSVP deadline", null=True, blank=True)
    plus_one_allowed = models.BooleanField("Guests may bring a +1", default=False)
    hosts = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="hosted_events")
    status = models.CharField(max_length=12, choices=EventStatus.choices, default=EventStatus.SCHEDULED)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=django_timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["starts_at"], name="event_starts")]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                              name="event_ends_after_start")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.zone)

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)

    def rsvp_open(self, now) -> bool:
        """Answers can be given or changed until the deadline (or the start), unless it is cancelled."""
        closes = self.rsvp_deadline or self.starts_at
        return not self.is_cancelled and now < closes

    def where(self) -> str:
        """The place in words, for everyone: the address, or "Online" (the link is for those going)."""
        if self.address and self.online_url:
            return f"{self.address} (and online)"
        return self.address or ("Online" if self.online_url else "")


class Invitation(models.Model):
    """One candidate invited to one event: who invited them, what they answered, whether they came."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="event_invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField("Personal note", max_length=2000, blank=True)
    # Random and secret: the RSVP link signs this, never an id or an address.
    key = models.CharField(max_length=32, unique=True, default=new_key)
    answer = models.CharField(max_length=12, choices=Answer.choices, default=Answer.INVITED)
    plus_one = models.BooleanField(default=False)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The waitlist's order: first come, first moved up.
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(max_length=10, choices=Attendance.choices, blank=True, default="")
    checked_in_at = models.DateTimeField(null=True, blank=True)
    walk_in = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=django_timezone.now)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["candidate__full_name", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "candidate"], name="invitation_once_per_event")]
        indexes = [
            # Counting one event's answers, and listing each in order (the waitlist first come first,
            # the rest as invited), so a page of the first 50 stops after 50 index entries.
            models.Index(fields=["event", "answer", "waitlisted_at", "id"], name="invitation_event_answer"),
            models.Index(fields=["event", "attendance"], name="invitation_event_attendance"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} to {self.event}: {self.get_answer_display()}"

    @property
    def places(self) -> int:
        return 2 if self.plus_one else 1


class CalendarFeed(models.Model):
    """A recruiter's secret link to the team's events calendar; a new key revokes the old link."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="events_feed")
    key = models.CharField(max_length=32, unique=True, default=new_key)
    created_at = models.DateTimeField(default=django_timezone.now)

    def __str__(self) -> str:
        return f"Events calendar of {self.user}"
