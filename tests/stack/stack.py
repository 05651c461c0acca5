"""The production shape on loopback: a PostgreSQL and a Redis of the test's own, gunicorn with two
workers, two Celery worker processes, one beat, and an SMTP sink that records every message.

Every server is private to the test (its own port and folder), so the test may kill, stop and
restart any of them without disturbing anything else on the machine. The processes run with the
production settings and the environment docs/deploy.md writes, as the systemd units start them.
"""
import glob
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_bindir() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return str(Path(found[-1]).parent)
    initdb = shutil.which("initdb")
    return str(Path(initdb).parent) if initdb else None


def missing() -> str:
    """Why the stack cannot run here, or ""."""
    if postgres_bindir() is None:
        return "PostgreSQL's server binaries (initdb, pg_ctl) are not installed"
    if shutil.which("redis-server") is None:
        return "redis-server is not installed"
    if not (BIN / "gunicorn").exists() or not (BIN / "celery").exists():
        return "gunicorn and celery are not installed in this virtualenv"
    return ""


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {timeout:.0f} s")


def _port_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


class PrivatePostgres:
    """initdb in a temporary folder, started with pg_ctl on a free port; restartable at will."""

    def __init__(self, folder: Path):
        self.bindir = postgres_bindir()
        self.data = folder / "pgdata"
        self.log = folder / "postgres.log"
        self.port = free_port()
        # PostgreSQL refuses to run as root; as root the cluster belongs to the postgres account.
        self.user = "postgres" if os.geteuid() == 0 else None

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [f"{self.bindir}/{args[0]}", *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check, timeout=120)

    def init(self) -> None:
        self.data.parent.mkdir(parents=True, exist_ok=True)
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.data.parent, entry.pw_uid, entry.pw_gid)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def start(self) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data.parent} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def restart(self) -> None:
        self.stop()
        self.start()

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> str:
        out = subprocess.run([f"{self.bindir}/psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                              "-d", database, "-tAc", statement], capture_output=True, text=True, check=True,
                             timeout=60)
        return out.stdout.strip()


class PrivateRedis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)

        def up():
            try:
                return client.ping()
            except redis.RedisError:
                return False

        _wait(up, 20, "redis-server")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


class Browser:
    """A person's HTTP session against the stack: logs in and posts forms as a browser does.

    It talks plain HTTP to gunicorn, as the proxy in front would, marked https by
    X-Forwarded-Proto; the production settings' Secure cookies are sent back by hand, since an
    HTTP client keeps Secure cookies to HTTPS.
    """

    def __init__(self, base: str):
        self.base = base
        self.session = requests.Session()
        secure = base.replace("http:", "https:")
        # One connection per request: a kept-alive socket gunicorn has since closed would fail a POST
        # (never retried) with "connection aborted", a client artefact browsers hide by retrying.
        self.headers = {"X-Forwarded-Proto": "https", "Origin": secure, "Referer": secure + "/", "Connection": "close"}

    def _headers(self, extra: dict | None = None) -> dict:
        cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.session.cookies)
        return self.headers | {"Cookie": cookies} | (extra or {})

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(self.base + path, headers=self._headers(), timeout=30, allow_redirects=False,
                                **kwargs)

    def post(self, path: str, data: dict) -> requests.Response:
        token = self.session.cookies.get("csrftoken") or self._csrf(path)
        return self.session.post(self.base + path, data={**data, "csrfmiddlewaretoken": token},
                                 headers=self._headers({"X-CSRFToken": token}), timeout=30, allow_redirects=False)

    def _csrf(self, path: str) -> str:
        self.get(path)
        return self.session.cookies.get("csrftoken", "")

    def log_in(self, username: str, password: str) -> None:
        self._csrf("/accounts/login/")
        answer = self.post("/accounts/login/", {"username": username, "password": password})
        if answer.status_code != 302:
            raise RuntimeError(f"log in as {username} answered {answer.status_code}")


class Stack:
    """with Stack(smtp_port=...) as stack: the whole production shape, torn down at the end."""

    def __init__(self, *, smtp_port: int):
        self.folder = Path(tempfile.mkdtemp(prefix="nurture-stack-"))
        self.postgres = PrivatePostgres(self.folder)
        self.redis = PrivateRedis()
        self.web_port = free_port()
        self.smtp_port = smtp_port
        self.processes: dict[str, subprocess.Popen] = {}
        self.base = f"http://127.0.0.1:{self.web_port}"

    @property
    def env(self) -> dict:
        return os.environ | {
            "DJANGO_SETTINGS_MODULE": "nurture.settings.production",
            "SECRET_KEY": self._secret, "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "False",
            "DATABASE_URL": self.postgres.url("nurture"), "REDIS_URL": self.redis.url,
            "CACHE_URL": self.redis.url.replace("/0", "/1"),
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp_port}", "SITE_URL": self.base,
            "DEFAULT_FROM_EMAIL": "Talent team <talent@example.com>",
            "STATIC_ROOT": str(self.folder / "static"), "LOG_FORMAT": "json", "LOG_LEVEL": "INFO",
            "PROMETHEUS_MULTIPROC_DIR": str(self.folder / "metrics"), "CI": "",
        }

    def __enter__(self) -> "Stack":
        self._secret = secrets.token_urlsafe(64)
        (self.folder / "metrics").mkdir()
        self.postgres.init()
        self.postgres.start()
        self.postgres.sql("CREATE DATABASE nurture")
        self.redis.start()
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput")
        self.start_web()
        for n in (1, 2):
            self.start_worker(n)
        self.start_beat("beat")
        return self

    def __exit__(self, *exc) -> None:
        for name in list(self.processes):
            self.kill(name, signal.SIGTERM)
        self.redis.stop()
        self.postgres.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def manage(self, *args: str, stdin: str | None = None, env: dict | None = None) -> str:
        done = subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=self.env | (env or {}),
                              input=stdin,
                              capture_output=True, text=True, timeout=600, check=False)
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def _spawn(self, name: str, command: list[str]) -> None:
        log = open(self.folder / f"{name}.log", "ab")  # noqa: SIM115 - lives as long as the process
        self.processes[name] = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=log,
                                                start_new_session=True)

    def start_web(self) -> None:
        self._spawn("web", [str(BIN / "gunicorn"), "nurture.wsgi:application", "--bind",
                            f"127.0.0.1:{self.web_port}", "--workers", "2", "--threads", "2", "--timeout", "60"])
        _wait(lambda: _port_open(self.web_port), 60, "gunicorn")

    def start_worker(self, n: int) -> None:
        self._spawn(f"worker{n}", [str(BIN / "celery"), "-A", "nurture", "worker", "--concurrency", "1",
                                   "--hostname", f"worker{n}@stack", "--without-mingle", "--without-gossip",
                                   "--loglevel", "INFO"])

    def start_beat(self, name: str) -> None:
        self._spawn(name, [str(BIN / "celery"), "-A", "nurture", "beat", "--loglevel", "INFO",
                           "--scheduler", "outreach.single_beat:SingleBeatScheduler",
                           "--schedule", str(self.folder / f"{name}-schedule")])

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        process = self.processes.pop(name)
        if process.poll() is None:
            os.killpg(process.pid, sig)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def browser(self, username: str, password: str) -> Browser:
        browser = Browser(self.base)
        browser.log_in(username, password)
        return browser

    def task_lines(self, name: str) -> list[dict]:
        """The JSON task lines a process logged (nurture/task_log.py)."""
        lines = []
        path = self.folder / f"{name}.log"
        for raw in path.read_text(errors="replace").splitlines() if path.exists() else []:
            if raw.startswith("{") and '"logger": "nurture.task"' in raw:
                lines.append(json.loads(raw))
        return lines

    def count(self, sql: str) -> int:
        return int(self.postgres.sql(sql, database="nurture") or 0)
