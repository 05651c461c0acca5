"""Career watch: the public feeds a recruiter follows for a top-tier candidate, and what they published.

A feed remembers what the last fetch learnt (ETag, Last-Modified) so the next asks "anything
new?" and usually gets a 304, and how it is failing (how often, since when, why) so a broken
feed backs off and the candidate page can say so.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone

from candidates.models import Candidate


class Feed(models.Model):
    # An erasure deletes a candidate's followed feeds outright (their addresses often carry the
    # person's name, and are keys here); their items go with them.
    erasure_deletes = True

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="watched_feeds")
    url = models.URLField("Feed address", max_length=500)
    # Whoever follows it gets its news in their digest.
    followed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Only posts after this are news: following a blog does not announce its archive.
    followed_at = models.DateTimeField(default=timezone.now)
    title = models.CharField(max_length=200, blank=True)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    next_fetch_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["candidate", "url"], name="watch_feed_once_per_candidate")]
        # The fetch job's "what is due" is one range of this index.
        indexes = [models.Index(fields=["next_fetch_at"], name="watch_feed_due")]
        ordering = ["followed_at", "id"]

    def __str__(self) -> str:
        return f"{self.url} for {self.candidate_id}"

    @property
    def label(self) -> str:
        return self.title or self.url


class FeedItem(models.Model):
    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="items")
    guid = models.CharField(max_length=500)
    title = models.CharField(max_length=300)
    link = models.URLField(max_length=1000, blank=True)
    published_at = models.DateTimeField()
    # When we first saw it: what the digest announces since the recruiter's last digest.
    found_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["feed", "guid"], name="watch_item_once_per_feed")]
        indexes = [
            models.Index(fields=["feed", "-published_at"], name="watch_item_feed_latest"),
            models.Index(fields=["found_at"], name="watch_item_found"),
        ]
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title
