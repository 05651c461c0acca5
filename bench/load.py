"""The HTTP load run: gunicorn on a loopback port, locust headless against it, both stopped after.

Bounded in users and time, aimed only at 127.0.0.1. If locust is not installed the run is
skipped with a note rather than replaced by something that measures differently.
"""
import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Min
from django.test import Client
from django.urls import reverse

from candidates.models import Candidate
from outreach.demo.scale.loader import GENERATED_PREFIX

from .pages import page_specs, subjects, url_for

User = get_user_model()
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def _sessions(prefix: str, count: int) -> list[str]:
    users = User.objects.filter(username__startswith=prefix).order_by("username")[:count]
    sessions = []
    for user in users:
        client = Client()
        client.force_login(user)
        sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return sessions


def _plan(path: Path) -> None:
    subject = subjects()
    urls = {spec.key: url_for(spec) for spec in page_specs(subject)}
    generated = Candidate.objects.filter(is_generated=True)
    bounds = generated.aggregate(low=Min("id"), high=Max("id"))
    # Generated ids are contiguous: 200 of them spread evenly over the whole table.
    spread = {bounds["low"] + i * (bounds["high"] - bounds["low"]) // 199 for i in range(200)}
    sample = list(generated.filter(id__in=spread).values_list("id", "full_name"))
    plan = {
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "recruiter_sessions": _sessions(f"{GENERATED_PREFIX}recruiter-", 9),
        "manager_sessions": _sessions(f"{GENERATED_PREFIX}manager-", 1),
        "urls": urls,
        "detail_urls": [reverse("candidates:detail", args=[pk]) for pk, _ in sample],
        "search_terms": sorted({name.split()[-1] for _, name in sample}),
    }
    path.write_text(json.dumps(plan), encoding="utf-8")


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _wait_for(port: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _port_free(port):
            return True
        time.sleep(0.2)
    return False


def load_run(*, port: int, users: int, seconds: int, out_dir: Path) -> dict:
    locust = shutil.which("locust", path=str(Path(sys.executable).parent)) or shutil.which("locust")
    if not locust:
        return {"skipped": "locust is not installed (pip install -r requirements.txt)"}
    if not _port_free(port):
        return {"skipped": f"port {port} is taken"}
    out_dir.mkdir(parents=True, exist_ok=True)
    plan_path = out_dir / "load_plan.json"
    _plan(plan_path)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE, "DEBUG": "False",
           "BENCH_PLAN": str(plan_path)}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603 - fixed arguments, loopback only
        [str(gunicorn), "nurture.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2",
         "--log-level", "warning"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=(out_dir / "gunicorn.log").open("w"),
    )
    try:
        if not _wait_for(port, 30):
            return {"skipped": "gunicorn did not start (see var/bench/gunicorn.log)"}
        prefix = out_dir / "locust"
        subprocess.run(  # noqa: S603 - fixed arguments, loopback only, bounded by --run-time
            [locust, "-f", str(LOCUSTFILE), "--headless", "--users", str(users), "--spawn-rate", str(users),
             "--run-time", f"{seconds}s", "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix),
             "--only-summary", "--loglevel", "WARNING"],
            cwd=settings.BASE_DIR, env=env, timeout=seconds + 120, check=False,
            stdout=subprocess.DEVNULL, stderr=(out_dir / "locust.log").open("w"),
        )
        return _summary(Path(f"{prefix}_stats.csv"), users=users, seconds=seconds)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


def _summary(stats_csv: Path, *, users: int, seconds: int) -> dict:
    if not stats_csv.exists():
        return {"skipped": "locust wrote no statistics (see var/bench/locust.log)"}
    with stats_csv.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return {
        "users": users,
        "seconds": seconds,
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "per_page": {row["Name"]: {"requests": int(row["Request Count"]), "p95_ms": float(row["95%"])}
                     for row in rows if row["Name"] != "Aggregated"},
    }
