"""Fixtures shared by every app's tests."""
import os

import pytest

from candidates.choices import Role
from candidates.services import recruiter_create


@pytest.fixture
def recruiter(db):
    return recruiter_create(username="rita", email="rita@example.com", password="pw-rita-12345",
                            first_name="Rita", last_name="Recruiter", timezone_name="Europe/London")


@pytest.fixture
def other_recruiter(db):
    return recruiter_create(username="oscar", email="oscar@example.com", password="pw-oscar-12345",
                            first_name="Oscar", last_name="Other", timezone_name="America/New_York")


@pytest.fixture
def manager(db):
    return recruiter_create(username="mona", email="mona@example.com", password="pw-mona-12345",
                            first_name="Mona", last_name="Manager", role=Role.MANAGER)


@pytest.fixture
def admin_user(db):
    return recruiter_create(username="ada", email="ada@example.com", password="pw-ada-12345",
                            first_name="Ada", last_name="Admin", role=Role.ADMIN)


@pytest.fixture
def recruiter_client(client, recruiter):
    client.force_login(recruiter)
    return client


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def pytest_configure(config):
    # In CI the suite must exercise PostgreSQL, never silently fall back to SQLite.
    if os.environ.get("CI") == "true" and not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")):
        raise pytest.UsageError("CI=true but DATABASE_URL does not point at PostgreSQL.")
