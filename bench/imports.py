"""Import throughput: a generated spreadsheet of N rows, dry-run, imported and undone.

The file has what real ones have: 1 % of its rows people already loaded (by email, in
capitals), 1 % broken (a bad email), a few quoted fields with commas. It runs in a child
process (`manage.py bench --import-rows N --import-child`) so the peak RSS is the import's
own, the way a worker would run it; the importing user and everything it made are removed.
"""
import io
import os
import time

from django.contrib.auth import get_user_model

from bench.jobs import bench_in_child, peak_rss_mb
from candidates.models import Candidate
from candidates.services import recruiter_create
from outreach.imports.applying import import_apply, import_undo
from outreach.imports.models import ImportRun, ImportStatus
from outreach.imports.services import import_configure, import_start

# The budget is for a 100,000-row file; a smaller run (the smoke's) only shows its rate.
IMPORT_BUDGET_ROWS = 100_000
IMPORT_BUDGET_S = 60.0
IMPORT_RSS_BUDGET_MB = 300.0
USERNAME = "bench-importer"


def _spreadsheet(rows: int) -> bytes:
    known = list(Candidate.objects.filter(is_generated=True).values_list("email", flat=True)[: rows // 100])
    # Written line by line, so making the file does not weigh on the import's peak memory.
    buffer = io.BytesIO()
    buffer.write(b"First Name,Last Name,E-mail,Company,Position,LinkedIn,Tags\n")
    for n in range(rows):
        if n % 100 == 1 and known:
            email = known.pop().upper()
        elif n % 100 == 2:
            email = f"broken-{n}@"
        else:
            email = f"bench-import-{n}@example.invalid"
        buffer.write(f'Imported,Person {n},{email},"Initech {n % 500}, Ltd",Engineer,'
                     f'https://www.linkedin.com/in/bench-import-{n}/,"python, sql"\n'.encode())
    return buffer.getvalue()


def _clean_up() -> None:
    User = get_user_model()
    Candidate.objects.filter(email__startswith="bench-import-").delete()
    ImportRun.objects.filter(created_by__username=USERNAME).delete()
    User.objects.filter(username=USERNAME).delete()


def import_run_here(rows: int) -> dict:
    _clean_up()
    user = recruiter_create(username=USERNAME, email="bench-import@example.invalid", password=os.urandom(16).hex())
    data = _spreadsheet(rows)
    megabytes = round(len(data) / 1e6, 1)
    started = time.perf_counter()
    run = import_start(user=user, filename="bench.csv", data=data)
    run = import_configure(run=run, mapping=run.mapping, email_policy="skip", linkedin_policy="skip",
                           likely_policy="create")
    preview_s = time.perf_counter() - started
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.QUEUED)  # what confirming does
    del data
    started, cpu = time.perf_counter(), time.process_time()
    import_apply(run=run)  # the worker's task body
    import_s, import_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    run.refresh_from_db()
    result = {"rows": rows, "megabytes": megabytes, "preview_seconds": preview_s,
              "import_seconds": import_s, "import_cpu_seconds": import_cpu_s,
              "rows_per_s": rows / import_s if import_s else 0.0,
              "created": run.created_count, "skipped_rows": run.skipped_count, "errors": run.error_count,
              "status": run.status, "peak_rss_mb": peak_rss_mb()}
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.UNDOING)
    started = time.perf_counter()
    import_undo(run=run)
    result["undo_seconds"] = time.perf_counter() - started
    _clean_up()
    return result


def rows_for(size: int) -> int:
    """The full 100,000-row file from 100,000 candidates up; the smoke imports a small one."""
    return IMPORT_BUDGET_ROWS if size >= IMPORT_BUDGET_ROWS else 2_000


def import_run_in_child(rows: int) -> dict:
    return bench_in_child(["--import-rows", str(rows), "--import-child"], what="import")
