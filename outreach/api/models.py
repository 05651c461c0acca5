"""Personal API tokens: named, shown once, stored as a SHA-256 hash, revocable."""
import hashlib
import secrets

from django.conf import settings
from django.db import models

PREFIX_LENGTH = 8


def token_hash(key: str) -> str:
    # The key is 32 random bytes: a plain SHA-256 is enough (no password to stretch).
    return hashlib.sha256(key.encode()).hexdigest()


def token_new_key() -> str:
    return "nt_" + secrets.token_urlsafe(32)


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What it is for, e.g. 'Reporting spreadsheet'.")
    # The first characters, so a person can tell their tokens apart; the rest exists only as the hash.
    prefix = models.CharField(max_length=PREFIX_LENGTH + 3, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
