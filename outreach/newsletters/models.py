"""A newsletter issue, the series it may belong to, the clicks it earned, the team's tracking setting.

Recipients are not stored here: each is one OutboundEmail row (outreach.mail) with the
batch key "newsletter:<id>", unique per candidate, so everything mail guarantees (one row
per message, suppression at send time, bounces, unsubscribe) holds for newsletters too.
"""
import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from outreach.mail.choices import Topic
from outreach.mail.models import OutboundEmail
from outreach.segments.models import Segment

from .choices import EDITABLE, NewsletterStatus, SeriesFrequency, Weekday
from .querysets import NewsletterQuerySet

BATCH_PREFIX = "newsletter:"


def batch_key_for(newsletter_id: int) -> str:
    return f"{BATCH_PREFIX}{newsletter_id}"


class Series(models.Model):
    """'Every 2 weeks on Thursday at 10:00': issues drafted ahead, each approved before it goes out."""

    name = models.CharField(max_length=100)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="newsletter_series")
    segment = models.ForeignKey(Segment, on_delete=models.PROTECT, related_name="newsletter_series")
    topic = models.CharField(max_length=20, choices=Topic.choices, default=Topic.NEWSLETTER)
    frequency = models.PositiveSmallIntegerField(choices=SeriesFrequency.choices, default=SeriesFrequency.WEEKLY)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.THURSDAY)
    hour = models.PositiveSmallIntegerField(default=10, validators=[MaxValueValidator(23)],
                                            help_text="In the owner's timezone.")
    draft_days_ahead = models.PositiveSmallIntegerField(
        "Draft each issue … days ahead", default=3, validators=[MinValueValidator(1), MaxValueValidator(13)])
    from_team = models.BooleanField("Send as the team", default=False)
    active = models.BooleanField(default=True)
    # The first issue's date (local); later issues fall every `frequency` days after it.
    starts_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("newsletters:series_detail", args=[self.pk])

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        profile = getattr(self.owner, "profile", None)
        return zoneinfo.ZoneInfo(str(profile.timezone)) if profile else zoneinfo.ZoneInfo("UTC")

    def issue_times(self, *, after: dt.datetime, count: int = 1) -> list[dt.datetime]:
        """The next `count` send times strictly after `after` (aware, in the owner's timezone)."""
        tz = self.tz
        day = self.starts_on
        while day.weekday() != self.weekday:  # the first issue's weekday is the series' weekday
            day += dt.timedelta(days=1)
        local_after = after.astimezone(tz)
        if day < local_after.date():
            skipped = (local_after.date() - day).days // self.frequency
            day += dt.timedelta(days=skipped * self.frequency)
        times = []
        while len(times) < count:
            moment = dt.datetime.combine(day, dt.time(self.hour), tzinfo=tz)
            if moment > after:
                times.append(moment)
            day += dt.timedelta(days=self.frequency)
        return times


class Newsletter(models.Model):
    """One issue: what it says, who it goes to, when, and how far the send has got."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, null=True, blank=True, related_name="issues")
    topic = models.CharField(max_length=20, choices=Topic.choices, default=Topic.NEWSLETTER)
    subject = models.CharField(max_length=200)
    preheader = models.CharField(max_length=150, blank=True,
                                 help_text="The line inboxes show after the subject.")
    body = models.TextField(max_length=50_000, help_text="Markdown, with merge fields and images by URL.")
    segment = models.ForeignKey(Segment, on_delete=models.PROTECT, related_name="newsletters")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="newsletters")
    from_team = models.BooleanField("Send as the team", default=False,
                                    help_text="From the team's name instead of yours.")
    status = models.CharField(max_length=12, choices=NewsletterStatus.choices, default=NewsletterStatus.DRAFT)
    scheduled_for = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Set by the sender when the mail server asked us to slow down: shown on the page.
    throttled_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NewsletterQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The beat job: scheduled issues whose time has come.
            models.Index(fields=["status", "scheduled_for"], name="newsletter_status_when"),
        ]
        constraints = [
            # One issue per series and send time: the beat job drafting twice adds nothing.
            models.UniqueConstraint(fields=["series", "scheduled_for"], name="newsletter_issue_once",
                                    condition=models.Q(series__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("newsletters:detail", args=[self.pk])

    @property
    def batch_key(self) -> str:
        return batch_key_for(self.pk)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    def recipients(self):
        return OutboundEmail.objects.filter(batch_key=self.batch_key)


class NewsletterClick(models.Model):
    """A recipient followed a link in an issue: recorded once per recipient and link."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="clicks")
    email = models.ForeignKey(OutboundEmail, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="newsletter_clicks")
    link = models.PositiveSmallIntegerField()  # the link's place in the issue, 0 first
    url = models.URLField(max_length=2000)
    clicked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-clicked_at"]
        constraints = [models.UniqueConstraint(fields=["email", "link"], name="newsletter_click_once")]
        indexes = [
            models.Index(fields=["candidate", "-clicked_at"], name="newsletter_click_candidate"),
            # Warming up (outreach.signals): the last fortnight's clicks, hourly.
            models.Index(fields=["clicked_at"], name="newsletter_click_at"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} clicked {self.url}"


class NewsletterOpen(models.Model):
    """A recipient's mail client loaded the issue's pixel (only when the team turned opens on)."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="opens")
    email = models.OneToOneField(OutboundEmail, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Opened {self.newsletter} at {self.opened_at:%Y-%m-%d %H:%M}"


class NewsletterSettings(models.Model):
    """Team-wide newsletter settings (one row)."""

    track_opens = models.BooleanField(
        "Count opens", default=False,
        help_text="Adds an invisible image to each newsletter. Off by default: many candidates find it intrusive.")

    class Meta:
        verbose_name = verbose_name_plural = "team newsletter settings"

    def __str__(self) -> str:
        return "Opens counted" if self.track_opens else "Opens not counted"

    @classmethod
    def current(cls) -> "NewsletterSettings":
        row, _ = cls.objects.get_or_create(pk=1)
        return row
