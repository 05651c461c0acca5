"""A saved segment: a filter over candidates, computed in SQL whenever it is used (never a stored list)."""
import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from outreach.mail.choices import Topic

from .filters import FILTER_FIELDS, matching_candidates
from .querysets import SegmentQuerySet

# "Last touch more than N days ago" and the like: beyond two years is a typo.
MAX_DAYS = 730
DAYS = [MinValueValidator(1), MaxValueValidator(MAX_DAYS)]


class Segment(models.Model):
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=300, blank=True)
    # Who made it: they (and managers) may change it; everyone may use it while it is shared.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="segments")
    shared = models.BooleanField("Shared with the team", default=True,
                                 help_text="Everyone on the team can send to it; only you and managers can edit it.")
    # The filters. Empty means "any"; within one filter the values are alternatives (OR),
    # and the filters combine (AND).
    tiers = models.JSONField(default=list, blank=True)
    stages = models.JSONField(default=list, blank=True)
    got_away_reasons = models.JSONField(default=list, blank=True)
    sources = models.JSONField(default=list, blank=True)
    candidate_owners = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                              verbose_name="Owned by")
    skills = models.CharField(max_length=300, blank=True, help_text="Any of these, comma-separated.")
    location = models.CharField(max_length=120, blank=True, help_text="Part of the location, e.g. Berlin.")
    topic = models.CharField("Opted into", max_length=20, choices=Topic.choices, blank=True,
                             help_text="Only candidates who have not unsubscribed from this topic.")
    touched_more_than_days_ago = models.PositiveSmallIntegerField(
        "Last touch more than … days ago", null=True, blank=True, validators=DAYS,
        help_text="Never touched counts as long ago.")
    touched_within_days = models.PositiveSmallIntegerField("Last touch within … days", null=True, blank=True,
                                                           validators=DAYS)
    interviewed_for = models.CharField("Interviewed for a role like", max_length=200, blank=True,
                                       help_text="Part of a role title, e.g. backend.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SegmentQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["owner", "name"], name="segment_owner_name")]
        permissions = [("change_any_segment", "Can change and delete anyone's segments")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("segments:detail", args=[self.pk])

    def matching(self, *, now: dt.datetime | None = None):
        """The candidates the filters match right now, as one SQL query (nothing is stored)."""
        return matching_candidates(self.filter_values(), now=now)

    def filter_values(self) -> dict:
        """The filters as segment_q reads them (the owners from a prefetch when there is one)."""
        values = {name: getattr(self, name) for name in FILTER_FIELDS if name != "candidate_owners"}
        values["owner_ids"] = [user.pk for user in self.candidate_owners.all()] if self.pk else []
        return values

    def can_edit(self, user) -> bool:
        return user.pk == self.owner_id or user.has_perm("segments.change_any_segment")
