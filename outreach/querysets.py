"""Reads over many schedules and touch points."""
import datetime as dt

from django.db import models
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from candidates.choices import INACTIVE_STAGES


class ScheduleQuerySet(models.QuerySet):
    def active(self) -> "ScheduleQuerySet":
        """Schedules we owe a check-in on: not paused, and the candidate still wants to hear from us."""
        return self.filter(paused=False, candidate__do_not_contact=False).exclude(candidate__stage__in=INACTIVE_STAGES)

    def for_owner(self, user) -> "ScheduleQuerySet":
        # The schedule's copy of the owner: a range of one index, not a join over the candidates.
        return self.filter(owner=user)

    def due_by(self, moment: dt.datetime) -> "ScheduleQuerySet":
        return self.active().filter(next_due_at__lte=moment)

    def overdue(self, now: dt.datetime) -> "ScheduleQuerySet":
        return self.due_by(now)

    def in_checkin_order(self) -> "ScheduleQuerySet":
        # Top tier first, then whoever has waited longest.
        return self.order_by("tier", "next_due_at", "pk")

    def with_candidate(self) -> "ScheduleQuerySet":
        return self.select_related("candidate", "candidate__owner")

    def most_urgent_per_owner(self, *, limit: int, now: dt.datetime) -> "ScheduleQuerySet":
        """Each owner's first `limit` schedules in check-in order, in one query for many owners.

        Every row carries its owner's totals over all the matching schedules, not only
        those returned: `owner_total`, and `owner_overdue` (due by `now`).
        """
        per_owner = {"partition_by": [F("owner_id")]}
        checkin_order = [F("tier").asc(), F("next_due_at").asc(), F("pk").asc()]
        return (
            self.annotate(
                rank=Window(RowNumber(), order_by=checkin_order, **per_owner),
                owner_total=Window(Count("pk"), **per_owner),
                owner_overdue=Window(Count("pk", filter=Q(next_due_at__lte=now)), **per_owner),
            )
            .filter(rank__lte=limit)
            .order_by("owner_id", "rank")
        )

    def for_checkin_rows(self) -> "ScheduleQuerySet":
        """What a row of My check-ins shows (outreach.checkin_rows), and nothing else."""
        return self.select_related("candidate").only(
            "candidate_id", "cadence_days", "preferred_channel", "last_touch_at", "last_touch_summary",
            "next_due_at", "candidate__full_name", "candidate__tier", "candidate__current_title",
            "candidate__current_company",
        )


class TouchPointQuerySet(models.QuerySet):
    def between(self, start: dt.datetime, end: dt.datetime) -> "TouchPointQuerySet":
        return self.filter(occurred_at__gte=start, occurred_at__lt=end)

    def by_author(self, user) -> "TouchPointQuerySet":
        return self.filter(author=user)
