"""Background export: the first N candidates written to CSV and to XLSX the way the worker does.

Runs in a child process (`manage.py bench --export-rows N --export-child`) so the peak RSS is
the export's own, as a worker would see it; the files go to a temporary folder and are removed.
"""
import tempfile
import time
from pathlib import Path

from bench.jobs import bench_in_child, peak_rss_mb
from candidates.models import Candidate
from outreach.exports.writing import write_csv, write_xlsx

# The budgets are for 100,000 rows; a smaller run (the smoke's) only shows its rate.
EXPORT_BUDGET_ROWS = 100_000
EXPORT_CSV_BUDGET_S = 30.0
EXPORT_XLSX_BUDGET_S = 120.0
EXPORT_RSS_BUDGET_MB = 250.0


def export_run_here(rows: int) -> dict:
    # The list's own query (owner and schedule joined), in id order, cut at N rows.
    queryset = Candidate.objects.order_by("id")[:rows]
    result = {"rows": rows}
    with tempfile.TemporaryDirectory() as folder:
        for name, writer in (("csv", write_csv), ("xlsx", write_xlsx)):
            path = Path(folder) / f"bench.{name}"
            started = time.perf_counter()
            written = writer(queryset, path)
            result[f"{name}_seconds"] = time.perf_counter() - started
            result[f"{name}_rows"] = written
            result[f"{name}_megabytes"] = round(path.stat().st_size / 1e6, 1)
            path.unlink()
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def rows_for(size: int) -> int:
    return EXPORT_BUDGET_ROWS if size >= EXPORT_BUDGET_ROWS else 2_000


def export_run_in_child(rows: int) -> dict:
    return bench_in_child(["--export-rows", str(rows), "--export-child"], what="export")


def export_checks(exported: dict) -> list[dict]:
    if "csv_seconds" not in exported:
        return []
    checks = []
    if exported["rows"] == EXPORT_BUDGET_ROWS:
        checks += [
            {"check": f"Export: {EXPORT_BUDGET_ROWS:,} rows to CSV < {EXPORT_CSV_BUDGET_S:.0f} s",
             "value": f"{exported['csv_seconds']:.1f} s", "ok": exported["csv_seconds"] < EXPORT_CSV_BUDGET_S},
            {"check": f"Export: {EXPORT_BUDGET_ROWS:,} rows to XLSX < {EXPORT_XLSX_BUDGET_S:.0f} s",
             "value": f"{exported['xlsx_seconds']:.1f} s", "ok": exported["xlsx_seconds"] < EXPORT_XLSX_BUDGET_S},
        ]
    checks.append({"check": f"Export peak RSS < {EXPORT_RSS_BUDGET_MB:.0f} MB",
                   "value": f"{exported['peak_rss_mb']:.0f} MB", "ok": exported["peak_rss_mb"] < EXPORT_RSS_BUDGET_MB})
    return checks


def export_line(exported: dict) -> str:
    if "skipped" in exported:
        return f"export: skipped: {exported['skipped']}"
    return (f"export: {exported['rows']:,} rows: CSV {exported['csv_seconds']:.1f} s ({exported['csv_megabytes']} MB), "
            f"XLSX {exported['xlsx_seconds']:.1f} s ({exported['xlsx_megabytes']} MB), "
            f"peak RSS {exported['peak_rss_mb']:.0f} MB")
