"""A merge of two candidates: what moved, what was dropped, enough to take it back."""
from django.conf import settings
from django.db import models
from django.urls import reverse

from candidates.models import Candidate


class CandidateMerge(models.Model):
    survivor = models.ForeignKey(Candidate, on_delete=models.SET_NULL, null=True, related_name="merges_kept")
    # The merged-away candidate is deleted; its id and row are kept here for the undo.
    loser_id = models.PositiveIntegerField()
    loser_name = models.CharField(max_length=200)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    # The survivor's values before the merge, for the fields the merge changed.
    survivor_before = models.JSONField(default=dict)
    # The loser's own row, serialised (django.core.serializers, JSON).
    loser_row = models.JSONField(default=list)
    # [{"model": "outreach.touchpoint", "field": "candidate", "pks": [...]}]: rows moved to the survivor.
    moved = models.JSONField(default=list)
    # Rows of the loser that clashed with the survivor's (one per candidate and X): removed, serialised.
    dropped = models.JSONField(default=list)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]
        permissions = [("merge_candidates", "Can merge duplicate candidates")]

    def __str__(self) -> str:
        return f"{self.loser_name} merged into {self.survivor or 'a removed candidate'}"

    def get_absolute_url(self) -> str:
        return reverse("duplicates:merge_detail", args=[self.pk])

    @property
    def moved_count(self) -> int:
        return sum(len(group["pks"]) for group in self.moved)


class DuplicateRank(models.IntegerChoices):
    """The order the list shows pairs in: a shared profile is near certain, a similar name less so."""

    LINKEDIN = 1, "Same LinkedIn profile"
    LIKELY = 2, "Similar name at the same company"


class DuplicatePair(models.Model):
    """Two candidates who may be one person, found by the refresh (finding.py), not when the page opens.

    Plain ids rather than keys to Candidate: a merge moves every row pointing at the candidate,
    and these are worked out again from the candidates instead."""

    first_id = models.BigIntegerField()
    second_id = models.BigIntegerField()
    rank = models.PositiveSmallIntegerField(choices=DuplicateRank.choices)
    # The shared LinkedIn profile or company, as compared: what the refresh recomputes by.
    key = models.TextField()
    score = models.PositiveSmallIntegerField()
    why = models.CharField(max_length=400)

    class Meta:
        ordering = ["rank", "key", "first_id", "second_id"]
        constraints = [models.UniqueConstraint(fields=["rank", "first_id", "second_id"], name="duplicatepair_unique")]
        # The list's order, so a page is an index range.
        indexes = [models.Index(fields=["rank", "key", "first_id", "second_id"], name="duplicatepair_listed")]

    def __str__(self) -> str:
        return f"#{self.first_id} and #{self.second_id}: {self.why}"


class CandidateKey(models.Model):
    """What a candidate was last compared on, so a change can recompute the groups they left too."""

    candidate_id = models.BigIntegerField(primary_key=True)
    name = models.CharField(max_length=200)  # lower case, as compared
    company_key = models.CharField(max_length=200, blank=True)
    linkedin_key = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["company_key"], name="candidatekey_company"),
            models.Index(fields=["linkedin_key"], name="candidatekey_linkedin"),
        ]

    def __str__(self) -> str:
        return f"#{self.candidate_id}: {self.company_key or '-'} / {self.linkedin_key or '-'}"


class DuplicateScan(models.Model):
    """One row: how far the refresh has read the candidates' audit trail (their history rows)."""

    seen_history_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Duplicates checked up to history #{self.seen_history_id}"
