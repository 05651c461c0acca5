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
