"""Real Celery workers for tests: what they need, how to start one in this process, how to wait for it.

Shared by every test that runs a real worker on Redis (digests, candidate email). A missing
server skips the test with the reason, except with CI=true, where it fails the run instead of
silently testing less.
"""
import contextlib
import os
import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from nurture.celery import app

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(problem: str) -> None:
    """Skip (or, in CI, fail) with `problem` when it is not empty."""
    if problem:
        if IN_CI:
            pytest.fail(f"{problem} (CI=true: this test must run)")
        pytest.skip(problem)


def require_redis() -> None:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        require("REDIS_URL is not set: the real-worker test needs a Redis broker")
    if not app.conf.broker_url.startswith("redis"):
        require(f"Celery is not configured for Redis (broker {app.conf.broker_url!r})")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        require(f"Redis at REDIS_URL is unreachable: {exc}")


def wait_for(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@contextlib.contextmanager
def in_process_worker():
    """A worker thread in this process, consuming from the configured broker; yields task id -> return value."""
    conf = app.conf
    saved, conf.task_always_eager = conf.task_always_eager, False
    app.control.purge()  # leftovers of an interrupted earlier run
    finished = {}

    def after_task(task_id=None, retval=None, **kwargs):
        finished[task_id] = retval
        # The worker thread's connections would otherwise outlive the test
        # and keep the test database from being dropped.
        connections.close_all()

    task_postrun.connect(after_task, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            yield finished
    finally:
        task_postrun.disconnect(after_task)
        conf.task_always_eager = saved
