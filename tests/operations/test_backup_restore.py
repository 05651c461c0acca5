"""Backups restore: the pg_dump / pg_restore commands of docs/deploy.md give a database this code accepts.

A database with data in it is dumped in custom format, restored into a fresh database, and
`migrate --check` runs against the copy (exit 0: nothing left to apply), as docs/deploy.md tells
an operator to do. Needs PostgreSQL and its client tools; without them the test is skipped with
the reason, except with CI=true.
"""
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from candidates.tests.factories import CandidateFactory
from outreach.tests.workers import require

ROOT = Path(settings.BASE_DIR)
pytestmark = pytest.mark.django_db(transaction=True)


def _pg(command: list[str], *, database: str, **kwargs) -> subprocess.CompletedProcess:
    db = settings.DATABASES["default"]
    env = os.environ | {"PGHOST": db["HOST"] or "127.0.0.1", "PGPORT": str(db["PORT"] or 5432),
                        "PGUSER": db["USER"], "PGPASSWORD": db.get("PASSWORD") or "", "PGDATABASE": database}
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False, **kwargs)


def test_a_dump_restores_into_a_fresh_database_that_migrate_check_accepts(recruiter, tmp_path):
    if connection.vendor != "postgresql":
        require(f"backups are PostgreSQL dumps; this run uses {connection.vendor}")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        require("pg_dump / pg_restore are not installed (Debian: postgresql-client)")
    CandidateFactory(owner=recruiter, full_name="Grace Hopper")
    source = settings.DATABASES["default"]["NAME"]
    restored = f"{source}_restored_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "nurture.dump"

    dumped = _pg(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source], database=source)
    assert dumped.returncode == 0, dumped.stderr
    assert _pg(["createdb", restored], database="postgres").returncode == 0
    try:
        loaded = _pg(["pg_restore", "--no-owner", f"--dbname={restored}", str(dump)], database=restored)
        assert loaded.returncode == 0, loaded.stderr
        names = _pg(["psql", "-tAc", "SELECT full_name FROM candidates_candidate"], database=restored)
        assert names.stdout.split("\n")[0] == "Grace Hopper"

        db = settings.DATABASES["default"]
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{restored}"
        check = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--check"], cwd=ROOT, capture_output=True, text=True,
            timeout=300, check=False,
            env=os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "nurture.settings.local"},
        )
        assert check.returncode == 0, check.stdout + check.stderr
    finally:
        _pg(["dropdb", "--if-exists", "--force", restored], database="postgres")
