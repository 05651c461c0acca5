"""Prometheus metrics at /metrics, for an operator's dashboards and alerts.

Counters (requests by route and status, tasks by name and state) are kept by the processes
that do the work; with gunicorn and Celery running several processes on a host, set
`PROMETHEUS_MULTIPROC_DIR` to an empty folder for all of them (deploy/nurture.env) and the
endpoint adds up every process's counts. Gauges (queue depth, digests and candidate emails by
status, the oldest pending email, the last beat run) are read when scraped, from sources the
apps register (`register_metrics_source`), so the web process needs no worker to answer.

Access: with `METRICS_TOKEN` set, only `Authorization: Bearer <token>`; without it, only a
request from this machine that came through no proxy. Anyone else gets a plain 404.
"""
import logging
import os

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

REQUESTS = Counter("nurture_http_requests", "HTTP requests answered, by method, route and status.",
                   ["method", "route", "status"])
REQUEST_SECONDS = Histogram("nurture_http_request_duration_seconds", "Time to answer an HTTP request.",
                            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
TASKS = Counter("nurture_celery_tasks", "Celery tasks finished, by task and state (succeeded, failed, retried).",
                ["task", "state"])
# Queues the workers consume (Celery's default queue unless routes add more).
QUEUES = ("celery",)
LOOPBACK = {"127.0.0.1", "::1"}

_sources = []


def register_metrics_source(source) -> None:
    """source() yields prometheus metric families, computed when /metrics is scraped."""
    if source not in _sources:
        _sources.append(source)


def request_observed(*, method: str, status: int, route: str, seconds: float) -> None:
    REQUESTS.labels(method, route, str(status)).inc()
    REQUEST_SECONDS.observe(seconds)


def task_observed(*, task: str, state: str) -> None:
    TASKS.labels(task, state).inc()


def queue_depth():
    gauge = GaugeMetricFamily("nurture_queue_depth", "Messages waiting in the broker, per queue.", labels=["queue"])
    if settings.CELERY_BROKER_URL.startswith("redis"):
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1)
        for queue in QUEUES:
            gauge.add_metric([queue], client.llen(queue))
    yield gauge


class _SourcesCollector:
    def collect(self):
        errors = 0
        for source in [queue_depth, *_sources]:
            try:
                yield from source()
            except Exception:  # noqa: BLE001 - a broker or database down is itself a reading
                errors += 1
                logger.warning("metrics source %s failed", getattr(source, "__name__", source))
        failed = GaugeMetricFamily("nurture_metrics_source_errors", "Metric sources that failed this scrape.")
        failed.add_metric([], errors)
        yield failed


_COLLECTOR = _SourcesCollector()
REGISTRY.register(_COLLECTOR)


def _registry():
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    registry.register(_COLLECTOR)
    return registry


def _allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        return given.startswith("Bearer ") and constant_time_compare(given.removeprefix("Bearer "), token)
    return request.META.get("REMOTE_ADDR") in LOOPBACK and "HTTP_X_FORWARDED_FOR" not in request.META


@login_not_required
@never_cache
@require_GET
def metrics_view(request):
    if not _allowed(request):
        raise Http404("No such page.")
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
