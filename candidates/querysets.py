"""Reads over many candidates, as chainable QuerySet methods."""
from django.db import models
from django.db.models import Q


class CandidateQuerySet(models.QuerySet):
    def for_owner(self, user) -> "CandidateQuerySet":
        return self.filter(owner=user)

    def search(self, text: str) -> "CandidateQuerySet":
        """Name, email or company containing the text, case-insensitive."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(full_name__icontains=text) | Q(email__icontains=text) | Q(current_company__icontains=text)
        )

    def email_taken(self, email: str, *, exclude_pk: int | None = None) -> "CandidateQuerySet":
        qs = self.filter(email__iexact=email.strip())
        return qs.exclude(pk=exclude_pk) if exclude_pk else qs


class InterviewQuerySet(models.QuerySet):
    def with_feedback(self) -> "InterviewQuerySet":
        return self.prefetch_related("feedback__author")
