"""The check-in core's readings for /metrics: digests by status, and whether beat is alive and alone."""
from django.db.models import Count
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from .heartbeat import heartbeat_last
from .models import Digest, DigestStatus, SchedulerHeartbeat
from .single_beat import SEEN_EVERY, STANDBY


def digest_metrics():
    by_status = dict(Digest.objects.values_list("status").annotate(n=Count("id")).order_by())
    gauge = GaugeMetricFamily("nurture_digests", "Digests by status.", labels=["status"])
    for status in DigestStatus.values:
        gauge.add_metric([status], by_status.get(status, 0))
    yield gauge


def beat_metrics():
    now = timezone.now()
    last = heartbeat_last()
    age = GaugeMetricFamily("nurture_beat_last_run_age_seconds",
                            "Seconds since a beat-published task last reached a worker (alert above 1800).")
    age.add_metric([], (now - last).total_seconds() if last else float("inf"))
    yield age
    standby = SchedulerHeartbeat.objects.filter(name=STANDBY, beat_at__gte=now - 3 * SEEN_EVERY).exists()
    second = GaugeMetricFamily("nurture_beat_standby", "1 while a second beat is running and standing by.")
    second.add_metric([], int(standby))
    yield second
