"""Budgets and the printed report: one table per size, then how each page scales between sizes."""
import os
import platform
import shutil
import subprocess

from django.db import connection

from . import events, exports, imports, mail, newsletter, pages, rollups, sequences
from .jobs import (
    DIGESTS_BUDGET_S,
    DUPLICATES_REBUILD_BUDGET_S,
    FLAG_OVERDUE_BUDGET_S,
    WORKER_RSS_BUDGET_MB,
)
from .privacy import ERASURE_BUDGET_S, RETENTION_BUDGET_S
from .reapproach import reapproach_checks

MAX_SCALING_RATIO = 1.5
MAX_PAGE_TO_SQL = 5.0


def machine() -> dict:
    info = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            info["cpu"] = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "")
        with open("/proc/meminfo", encoding="utf-8") as meminfo:
            info["memory_gb"] = round(int(meminfo.readline().split()[1]) / 1024 / 1024, 1)
        info["load_average"] = os.getloadavg()
    except OSError:
        pass
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            info["database"] = cursor.fetchone()[0].split(",")[0]
            cursor.execute("SHOW shared_buffers")
            info["shared_buffers"] = cursor.fetchone()[0]
    else:
        info["database"] = connection.vendor
    git = shutil.which("git")
    if git:
        info["commit"] = subprocess.run(  # noqa: S603 - fixed read-only git query
            [git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False, timeout=5
        ).stdout.strip()
    return info


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def page_met(page: dict) -> bool:
    """Within its class's budget: p95 (and p50 for a recruiter page), at or under the limit."""
    p50_budget = page.get("budget_p50_ms") or 0.0
    return page["p95_ms"] <= page["budget_ms"] and (not p50_budget or page["p50_ms"] <= p50_budget)


def _budget_text(page: dict) -> str:
    if page.get("budget_p50_ms"):
        return f"p50 ≤ {page['budget_p50_ms']:.0f} ms, p95 ≤ {page['budget_ms']:.0f} ms"
    return f"p95 ≤ {page['budget_ms']:.0f} ms"


def _times_text(page: dict) -> str:
    return f"p50 {page['p50_ms']:.1f} ms, p95 {page['p95_ms']:.1f} ms"


def size_budgets(result: dict) -> list[dict]:
    """Budgets that one size can be held to on its own."""
    checks = []
    for page in result["pages"]:
        if page["skipped"]:
            continue
        checks.append({"check": f"{page['label']}: {_budget_text(page)}", "value": _times_text(page),
                       "ok": page_met(page)})
        # The page-to-SQL ratio is a rendering budget for the hand-picked hot pages only.
        if page["main_sql_ms"] and not page["key"].startswith("route:"):
            ratio = page["p50_ms"] / page["main_sql_ms"]
            checks.append({"check": f"{page['label']}: page ≤ {MAX_PAGE_TO_SQL:.0f} × main SQL",
                           "value": f"{ratio:.1f} ×", "ok": ratio <= MAX_PAGE_TO_SQL})
    jobs = result.get("jobs", {})
    for name, limit, label in (("flag_overdue", FLAG_OVERDUE_BUDGET_S, "Flag overdue"),
                               ("digests", DIGESTS_BUDGET_S, "Digests, all recruiters"),
                               ("duplicates_rebuild", DUPLICATES_REBUILD_BUDGET_S, "Possible duplicates rebuild"),
                               ("retention", RETENTION_BUDGET_S, "Retention review, first run"),
                               ("erasure", ERASURE_BUDGET_S, "Erasing one candidate")):
        job = jobs.get(name, {})
        if "seconds" in job:
            checks.append({"check": f"{label} < {limit:.0f} s", "value": f"{job['seconds']:.2f} s",
                           "ok": job["seconds"] < limit})
    checks += reapproach_checks(jobs.get("signals", {}))
    checks += rollups.rollup_checks(jobs.get("dashboard_rollups", {}))
    rss = [job["peak_rss_mb"] for job in jobs.values() if "peak_rss_mb" in job]
    if rss:
        checks.append({"check": f"Worker peak RSS < {WORKER_RSS_BUDGET_MB:.0f} MB", "value": f"{max(rss):.0f} MB",
                       "ok": max(rss) < WORKER_RSS_BUDGET_MB})
    sent = result.get("mail")
    if sent:
        checks.append({"check": f"Candidate email: ≥ {mail.RATE_BUDGET_PER_S:.0f} messages/s",
                       "value": f"{sent['messages_per_s']:.1f} /s", "ok": sent["rate_met"]})
        checks.append({"check": f"Candidate email worker RSS < {mail.RSS_BUDGET_MB:.0f} MB",
                       "value": f"{sent['peak_worker_rss_mb']:.0f} MB", "ok": sent["rss_met"]})
    if result.get("sequences"):
        checks += sequences.sequence_budgets(result["sequences"])
    imported = result.get("imports", {})
    if imported.get("rows") == imports.IMPORT_BUDGET_ROWS:
        checks.append({"check": f"Import: {imports.IMPORT_BUDGET_ROWS:,} rows < {imports.IMPORT_BUDGET_S:.0f} s",
                       "value": f"{imported['import_seconds']:.1f} s",
                       "ok": imported["import_seconds"] < imports.IMPORT_BUDGET_S})
    if "import_seconds" in imported:
        checks.append({"check": f"Import peak RSS < {imports.IMPORT_RSS_BUDGET_MB:.0f} MB",
                       "value": f"{imported['peak_rss_mb']:.0f} MB",
                       "ok": imported["peak_rss_mb"] < imports.IMPORT_RSS_BUDGET_MB})
    checks += exports.export_checks(result.get("exports", {}))
    news = result.get("newsletter")
    if news:
        checks += [
            {"check": f"Newsletter: materialise {news['recipients']:,} recipients < "
                      f"{newsletter.MATERIALISE_BUDGET_S:.0f} s", "value": f"{news['materialise_s']:.2f} s",
             "ok": news["materialise_met"]},
            {"check": f"Newsletter: one worker ≥ {newsletter.RATE_BUDGET_PER_S:.0f} messages/s "
                      f"({news['sent']:,} sent)", "value": f"{news['messages_per_s']:.1f} /s", "ok": news["rate_met"]},
            {"check": f"Newsletter worker RSS < {newsletter.RSS_BUDGET_MB:.0f} MB",
             "value": f"{news['peak_worker_rss_mb']:.0f} MB", "ok": news["rss_met"]},
            {"check": f"Recruiter pages p95 ≤ {pages.RECRUITER_P95_MS:.0f} ms while the newsletter sends",
             "value": f"{news['worst_recruiter_p95_ms']:.1f} ms", "ok": news["pages_met"]},
        ]
    invited = result.get("events")
    if invited:
        checks.append({"check": f"Event invitations: ≥ {events.INVITE_RATE_BUDGET_PER_S:.0f} /s",
                       "value": f"{invited['invitations_per_s']:.1f} /s", "ok": invited["rate_met"]})
        checks.append({"check": f"Event page with {invited['invited']:,} invitees: p95 ≤ "
                                f"{pages.RECRUITER_P95_MS:.0f} ms",
                       "value": f"{invited['page_p95_ms']:.1f} ms", "ok": invited["page_met"]})
    load = result.get("load", {})
    if "errors" in load:
        checks.append({"check": "Load run: 0 errors", "value": str(load["errors"]), "ok": load["errors"] == 0})
    for check in checks:
        check["verdict"] = _verdict(check["ok"])
    return checks


def scaling(results: dict[int, dict]) -> list[dict]:
    """p50 at the largest size ÷ p50 at the smallest for every page, and whether the query count stayed put.

    A page not timed at either size is listed with the reason, so every page of the table is here.
    """
    sizes = sorted(results)
    if len(sizes) < 2:
        return []
    small, large = results[sizes[0]], results[sizes[-1]]
    by_key = {page["key"]: page for page in small["pages"]}
    rows = []
    for page in large["pages"]:
        base = by_key.get(page["key"])
        row = {"key": page["key"], "page": page["label"], "page_class": page.get("page_class", ""),
               "ratio": 0.0, "ratio_ok": False, "queries": [], "queries_ok": False, "skipped": ""}
        if page["skipped"] or base is None or base["skipped"]:
            row["skipped"] = (page["skipped"] or (base or {}).get("skipped")
                              or f"not measured at {sizes[0]:,}")
            rows.append(row)
            continue
        ratio = page["p50_ms"] / base["p50_ms"] if base["p50_ms"] else 0.0
        counts = [next((p["queries"] for p in results[s]["pages"] if p["key"] == page["key"]), None) for s in sizes]
        row.update(ratio=ratio, ratio_ok=ratio <= MAX_SCALING_RATIO, queries=counts,
                   queries_ok=len(set(counts)) == 1)
        rows.append(row)
    return rows


def _budget_cell(page: dict) -> str:
    p50 = page.get("budget_p50_ms") or 0.0
    return f"{p50:.0f}/{page['budget_ms']:.0f}" if p50 else f"{page['budget_ms']:.0f}"


def print_size(write, size: int, result: dict) -> None:
    """One row per page, every routed page included: timed with met/MISSED, or why it was not timed."""
    write(f"\n== {size:,} candidates, {result['recruiters']} recruiters ==")
    write(f"budgets: recruiter pages p50 ≤ {pages.RECRUITER_P50_MS:.0f} ms and p95 ≤ {pages.RECRUITER_P95_MS:.0f} ms; "
          f"manager pages p95 ≤ {pages.MANAGER_P95_MS:.0f} ms; other pages p95 ≤ {pages.OTHER_P95_MS:.0f} ms")
    width = max([34, *(len(page["label"]) for page in result["pages"])])
    write(f"{'page':{width}} {'class':9} {'p50 ms':>8} {'p95 ms':>8} {'budget':>7} {'queries':>8} {'SQL ms':>8} "
          f"{'page/SQL':>8} {'n':>4}  verdict")
    timed = [page for page in result["pages"] if not page["skipped"]]
    for page in result["pages"]:
        kind = page.get("page_class", "")
        if page["skipped"]:
            write(f"{page['label']:{width}} {kind:9} unavailable: {page['skipped']}")
            continue
        ratio = page["p50_ms"] / page["main_sql_ms"] if page["main_sql_ms"] else 0.0
        write(f"{page['label']:{width}} {kind:9} {page['p50_ms']:8.1f} {page['p95_ms']:8.1f} {_budget_cell(page):>7} "
              f"{page['queries']:8d} {page['main_sql_ms']:8.2f} {ratio:8.1f} {page['requests']:4d}  "
              f"{_verdict(page_met(page))}")
    missed = sum(not page_met(page) for page in timed)
    write(f"{len(result['pages'])} pages: {len(timed)} timed, {len(timed) - missed} met, {missed} MISSED, "
          f"{len(result['pages']) - len(timed)} unavailable")
    for name, job in result.get("jobs", {}).items():
        if "skipped" in job:
            write(f"job {name}: skipped: {job['skipped']}")
        else:
            details = ", ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in job.items())
            write(f"job {name}: {details}")
    sent = result.get("mail")
    if sent:
        write(f"candidate email: {sent['messages']:,} personal emails, {sent['workers']} worker(s), "
              f"{sent['seconds']:.1f} s: {sent['messages_per_s']:.1f} messages/s "
              f"(compose {sent['compose_per_s']:.0f}/s, send {sent['send_per_s']:.0f}/s), "
              f"{sent['smtp_accepted']:,} accepted by SMTP, "
              f"worker peak RSS {sent['peak_worker_rss_mb']:.0f} MB")
    seq = result.get("sequences")
    if seq:
        write(f"sequences: {seq['enrolled']:,} active enrolments; tick moved {seq['moved']:,} due in "
              f"{seq['tick_s']:.2f} s; {seq.get('written', 0):,} step emails written in {seq.get('write_s', 0):.2f} s; "
              + (f"IMAP skipped: {seq['imap_skipped']}" if "imap_skipped" in seq else
                 f"{seq['imported']:,} replies imported over IMAP in {seq['import_s']:.2f} s "
                 f"({seq['stopped']:,} enrolments stopped, {seq['forwards_queued']:,} forwards queued)"))
    imported = result.get("imports")
    if imported and "skipped" in imported:
        write(f"import: skipped: {imported['skipped']}")
    elif imported:
        write(f"import: {imported['rows']:,} rows ({imported['megabytes']} MB): "
              f"preview {imported['preview_seconds']:.1f} s, "
              f"import {imported['import_seconds']:.1f} s ({imported['rows_per_s']:.0f} rows/s; "
              f"{imported['created']:,} created, {imported['skipped_rows']:,} skipped, {imported['errors']:,} errors), "
              f"undo {imported['undo_seconds']:.1f} s, peak RSS {imported['peak_rss_mb']:.0f} MB")
    if result.get("exports"):
        write(exports.export_line(result["exports"]))
    invited = result.get("events")
    if invited:
        write(f"events: {invited['invited']:,} of {invited['audience']:,} invited in {invited['invite_seconds']:.1f} s "
              f"({invited['invitations_per_s']:.0f}/s, each with its own email and calendar); event page "
              f"p50 {invited['page_p50_ms']:.1f} ms, p95 {invited['page_p95_ms']:.1f} ms, "
              f"{invited['page_queries']} queries")
    load = result.get("load", {})
    if "skipped" in load:
        write(f"load run: skipped: {load['skipped']}")
    elif load:
        write(f"load run: {load['users']} users, {load['seconds']} s: {load['requests']} requests, "
              f"{load['rps']:.1f} req/s, p50 {load['p50_ms']:.0f} ms, p95 {load['p95_ms']:.0f} ms, "
              f"{load['errors']} errors")
    for check in result["budgets"]:
        write(f"  [{check['verdict']:>6}] {check['check']}: {check['value']}")


def print_scaling(write, rows: list[dict], sizes: list[int]) -> None:
    if not rows:
        return
    write(f"\n== p50 at {sizes[-1]:,} ÷ p50 at {sizes[0]:,} (budget ≤ {MAX_SCALING_RATIO}) "
          "and queries per page at each size, every page ==")
    width = max(len(row["page"]) for row in rows)
    for row in rows:
        if row.get("skipped"):
            write(f"  [{'-':>6}] {row['page']:{width}} unavailable: {row['skipped']}")
            continue
        write(f"  [{_verdict(row['ratio_ok']):>6}] {row['page']:{width}} {row['ratio']:5.2f} ×   "
              f"[{_verdict(row['queries_ok']):>6}] queries {row['queries']}")
    timed = [row for row in rows if not row.get("skipped")]
    write(f"{len(rows)} pages: {sum(row['ratio_ok'] for row in timed)} met, "
          f"{sum(not row['ratio_ok'] for row in timed)} MISSED, {len(rows) - len(timed)} unavailable")
