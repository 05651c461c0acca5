"""Reads over many emails: what the sweep recovers, what counts towards the contact cap."""
import datetime as dt
from collections import defaultdict

from django.db import models
from django.db.models import F, Q

from .choices import BULK_KINDS, OUTGOING, EventKind, MailStatus


class OutboundEmailQuerySet(models.QuerySet):
    def outgoing(self):
        """Sent, or about to be: what the candidate has received or will receive."""
        return self.filter(status__in=OUTGOING)

    def since(self, moment: dt.datetime):
        return self.filter(created_at__gte=moment)

    def bulk(self):
        return self.filter(kind__in=BULK_KINDS)

    def stuck(self, *, now: dt.datetime, publish_grace: dt.timedelta, sweep_after: dt.timedelta,
              claim_timeout: dt.timedelta):
        """Unfinished messages nobody is going to send unless they are enqueued again.

        - queued, and the publish never happened (the broker was down) or happened long ago
          and nothing came of it (a lost message);
        - sending, the claim older than the claim timeout (the worker died mid-send), and no
          newer publish since that claim.
        """
        never_published = Q(enqueued_at__isnull=True, created_at__lt=now - publish_grace)
        lost = Q(enqueued_at__lt=now - sweep_after)
        dead_claim = Q(status=MailStatus.SENDING, claimed_at__lt=now - claim_timeout) & (
            Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=F("claimed_at")) | lost
        )
        return self.filter(Q(status=MailStatus.QUEUED) & (never_published | lost) | dead_claim)

    def unfinished(self):
        return self.filter(status__in=[MailStatus.QUEUED, MailStatus.SENDING])

    def recent_by_candidate(self, candidate_ids, *, since: dt.datetime) -> dict[int, list[tuple[str, dt.datetime]]]:
        """{candidate id: [(kind, created_at), ...] newest first} of outgoing email since `since`, in one query."""
        rows = (
            self.outgoing().since(since).filter(candidate_id__in=list(candidate_ids))
            .order_by("candidate_id", "-created_at").values_list("candidate_id", "kind", "created_at")
        )
        recent = defaultdict(list)
        for candidate_id, kind, created_at in rows:
            recent[candidate_id].append((kind, created_at))
        return recent


class MailEventQuerySet(models.QuerySet):
    def soft_bounces(self, *, recipient: str, since: dt.datetime):
        return self.filter(recipient=recipient, kind=EventKind.SOFT_BOUNCE, occurred_at__gte=since)
