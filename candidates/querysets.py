"""Reads over many candidates, as chainable QuerySet methods."""
import datetime as dt

from django.db import models
from django.db.models import F, Prefetch, Q

from .choices import INACTIVE_STAGES

# The list page's sort keys, in the recruiter's words, mapped to an ORDER BY.
# Every ordering ends on "id" so pagination is stable when values tie.
LIST_SORTS = {
    "name": ("Name", [F("full_name").asc(), F("id").asc()]),
    "tier": ("Tier", [F("tier").asc(), F("full_name").asc(), F("id").asc()]),
    "next_due": ("Next check-in", [F("schedule__next_due_at").asc(nulls_last=True), F("id").asc()]),
    "last_touch": ("Last touch", [F("schedule__last_touch_at").desc(nulls_last=True), F("id").asc()]),
    "recent": ("Recently added", [F("created_at").desc(), F("id").desc()]),
}
DEFAULT_LIST_SORT = "name"


def _overdue_q(now: dt.datetime) -> Q:
    # Mirrors outreach's ScheduleQuerySet.active(): paused schedules and people who
    # asked us to stop are never "overdue", however old next_due_at is.
    return Q(
        schedule__next_due_at__lte=now,
        schedule__paused=False,
        do_not_contact=False,
    ) & ~Q(stage__in=INACTIVE_STAGES)


def is_overdue(candidate, now: dt.datetime) -> bool:
    """The same rule as _overdue_q, for rows already loaded with their schedule.

    The list page flags its 25 rows this way instead of annotating the queryset:
    an annotation would keep the schedule join in the page count, which on a large
    table costs more than the whole page.
    """
    schedule = getattr(candidate, "schedule", None)
    return bool(
        schedule is not None and schedule.next_due_at <= now and not schedule.paused and candidate.accepts_check_ins
    )


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

    def overdue(self, now: dt.datetime) -> "CandidateQuerySet":
        """Candidates whose active check-in schedule is due at or before `now`."""
        return self.filter(_overdue_q(now))

    def for_list(self) -> "CandidateQuerySet":
        """Everything one row of the candidates table shows, in this one query."""
        return self.select_related("owner", "schedule")

    def with_history(self) -> "CandidateQuerySet":
        """What the candidate page shows: owner and schedule joined; interviews with their
        scorecards, and career moves, prefetched in full (the timeline reuses them)."""
        from .models import CareerUpdate, Interview

        return self.select_related("owner", "schedule").prefetch_related(
            Prefetch("interviews", queryset=Interview.objects.with_scorecards()),
            Prefetch("career_updates", queryset=CareerUpdate.objects.select_related("recorded_by")),
        )

    def sorted_by(self, key: str) -> "CandidateQuerySet":
        _, ordering = LIST_SORTS.get(key, LIST_SORTS[DEFAULT_LIST_SORT])
        return self.order_by(*ordering)


class InterviewQuerySet(models.QuerySet):
    def with_feedback(self) -> "InterviewQuerySet":
        return self.prefetch_related("feedback__author")

    def with_scorecards(self) -> "InterviewQuerySet":
        """Who logged each interview, and its scorecards with their authors: three queries in all."""
        from .models import Feedback

        return self.select_related("logged_by").prefetch_related(
            Prefetch("feedback", queryset=Feedback.objects.select_related("author"))
        )
