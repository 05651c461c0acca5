"""Candidate email's readings for /metrics: the last day's emails by status, and the oldest one not yet sent."""
import datetime as dt

from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from .choices import UNFINISHED, MailStatus
from .models import OutboundEmail

WINDOW = dt.timedelta(hours=24)


def email_metrics():
    now = timezone.now()
    # Rows arrive in id order, so the last day is every id above the newest row older than a day:
    # found walking the primary key back from the newest row, a day's rows at most, no extra index.
    before = (OutboundEmail.objects.filter(created_at__lt=now - WINDOW).order_by("-pk")
              .values_list("pk", flat=True).first())
    recent = OutboundEmail.objects.filter(pk__gt=before or 0)
    by_status = dict(recent.values_list("status").annotate(n=Count("id")).order_by())
    gauge = GaugeMetricFamily("nurture_candidate_emails_24h",
                              "Candidate emails created in the last 24 hours, by status.", labels=["status"])
    for status in MailStatus.values:
        gauge.add_metric([status], by_status.get(status, 0))
    yield gauge
    oldest = OutboundEmail.objects.filter(status__in=UNFINISHED).aggregate(at=Min("created_at"))["at"]
    age = GaugeMetricFamily("nurture_candidate_email_oldest_pending_age_seconds",
                            "Age of the oldest candidate email not yet sent (0 when none waits).")
    age.add_metric([], (now - oldest).total_seconds() if oldest else 0)
    yield age
