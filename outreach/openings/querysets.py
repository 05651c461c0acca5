"""Reads over many openings, as chainable QuerySet methods. Silver medallists are in silver.py."""
from django.db import models
from django.db.models import Count

from .choices import OpeningStatus

# The list's status filter: the three statuses and "all"; Open when nothing is chosen.
ALL_STATUSES = "all"
STATUS_FILTERS = [*OpeningStatus.choices, (ALL_STATUSES, "All")]


class OpeningQuerySet(models.QuerySet):
    def with_status(self, status: str) -> "OpeningQuerySet":
        """One status ("open", "on_hold", "filled"), or every opening for "all"."""
        return self if status == ALL_STATUSES else self.filter(status=status)

    def for_team(self, team: str) -> "OpeningQuerySet":
        return self.filter(team=team) if team else self

    def for_list(self) -> "OpeningQuerySet":
        """What a row of the list shows, newest opened first, in one query."""
        return self.select_related("hiring_manager").order_by("-opened_at", "-id")

    def teams(self) -> list[str]:
        """Every team named on an opening, for the list's filter."""
        return list(self.exclude(team="").order_by("team").values_list("team", flat=True).distinct())

    def status_counts(self) -> dict[str, int]:
        """{"open": 4, "on_hold": 1, "filled": 9, "all": 14} in one grouped query."""
        counts = dict(self.order_by().values_list("status").annotate(n=Count("id")))
        return {**{status: counts.get(status, 0) for status in OpeningStatus.values},
                ALL_STATUSES: sum(counts.values())}
