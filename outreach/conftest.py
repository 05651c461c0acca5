"""Fixtures for the outreach core and its nested apps."""
import pytest

from outreach.tests.workers import in_process_worker, require_redis


@pytest.fixture
def real_worker():
    """A real Celery worker on Redis, in this process: task id -> what the task returned, as each finishes."""
    require_redis()
    with in_process_worker() as finished:
        yield finished
