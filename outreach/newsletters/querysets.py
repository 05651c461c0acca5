"""Reads over many newsletters: which are due, which are stuck, and how far each send has got."""
import datetime as dt
from collections import defaultdict

from django.db import models
from django.db.models import Count, Q

from outreach.mail.models import OutboundEmail

from .choices import NewsletterStatus


class NewsletterQuerySet(models.QuerySet):
    def due(self, now: dt.datetime):
        """Scheduled (approved) issues whose send time has come."""
        return self.filter(status=NewsletterStatus.SCHEDULED, scheduled_for__lte=now)

    def unapproved_past(self, now: dt.datetime):
        """Series drafts nobody approved by their send time: to be skipped, never sent half-written."""
        return self.filter(status=NewsletterStatus.DRAFT, series__isnull=False, scheduled_for__lte=now)

    def sending(self):
        return self.filter(status=NewsletterStatus.SENDING)

    def visible_to(self, user):
        """Everyone on the team sees every issue (a newsletter is the team's voice); drafts too."""
        return self

    def status_counts(self) -> dict[int, dict[str, int]]:
        """{newsletter id: {mail status: how many recipients}} for these newsletters, in one query."""
        keys = {f"newsletter:{pk}": pk for pk in self.values_list("pk", flat=True)}
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        rows = (OutboundEmail.objects.filter(batch_key__in=list(keys)).order_by()
                .values_list("batch_key", "status").annotate(n=Count("pk")))
        for batch_key, status, n in rows:
            counts[keys[batch_key]][status] = n
        return counts

    def click_counts(self) -> dict[int, tuple[int, int]]:
        """{newsletter id: (clicks, recipients who clicked)}."""
        rows = (self.order_by().values_list("pk")
                .annotate(clicks=Count("clicks"), people=Count("clicks__candidate", distinct=True))
                .filter(Q(clicks__gt=0)))
        return {pk: (clicks, people) for pk, clicks, people in rows}
