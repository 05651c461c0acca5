"""Reads over many events and invitations."""
import datetime as dt

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from outreach.choices import TouchKind
from outreach.models import TouchPoint

from .choices import Answer, Attendance, EventStatus


def _count(**filters) -> Count:
    return Count("invitations", filter=Q(**{f"invitations__{k}": v for k, v in filters.items()}))


class EventQuerySet(models.QuerySet):
    def upcoming(self, now: dt.datetime):
        return self.filter(ends_at__gte=now).order_by("starts_at", "id")

    def past(self, now: dt.datetime):
        return self.filter(ends_at__lt=now).order_by("-starts_at", "-id")

    def scheduled(self):
        return self.filter(status=EventStatus.SCHEDULED)

    def with_counts(self):
        """Each event with how many were invited, are going ... in one grouped query."""
        return self.annotate(
            invited_count=Count("invitations"),
            going_count=_count(answer=Answer.GOING),
            maybe_count=_count(answer=Answer.MAYBE),
            declined_count=_count(answer=Answer.DECLINED),
            waitlist_count=_count(answer=Answer.WAITLISTED),
            attended_count=_count(attendance=Attendance.ATTENDED),
            no_show_count=_count(attendance=Attendance.NO_SHOW),
        )


class InvitationQuerySet(models.QuerySet):
    def going(self):
        return self.filter(answer=Answer.GOING)

    def waitlist(self):
        """Waiting for a place, first come first."""
        return self.filter(answer=Answer.WAITLISTED).order_by("waitlisted_at", "id")

    def places_taken(self) -> int:
        """Places the going invitees take, their +1s included."""
        taken = self.going().aggregate(
            n=Coalesce(Sum(models.Case(models.When(plus_one=True, then=2), default=1)), 0)
        )["n"]
        return taken

    def counts(self) -> dict[str, int]:
        """One event's figures in one query: invited, each answer, attended, no-show."""
        return self.aggregate(
            invited=Count("pk"),
            going=Count("pk", filter=Q(answer=Answer.GOING)),
            maybe=Count("pk", filter=Q(answer=Answer.MAYBE)),
            declined=Count("pk", filter=Q(answer=Answer.DECLINED)),
            waitlisted=Count("pk", filter=Q(answer=Answer.WAITLISTED)),
            no_answer=Count("pk", filter=Q(answer=Answer.INVITED)),
            attended=Count("pk", filter=Q(attendance=Attendance.ATTENDED)),
            no_show=Count("pk", filter=Q(attendance=Attendance.NO_SHOW)),
        )

    def re_engaged(self, *, since: dt.datetime, days: int = 90):
        """Attendees who were in touch again (any touch point but another event) within `days` after `since`."""
        later = TouchPoint.objects.filter(
            candidate=OuterRef("candidate_id"), occurred_at__gt=since,
            occurred_at__lte=since + dt.timedelta(days=days),
        ).exclude(kind__in=[TouchKind.EVENT, TouchKind.NEWSLETTER])
        return self.filter(attendance=Attendance.ATTENDED).filter(Exists(later))
