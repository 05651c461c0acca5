"""A newsletter at scale: materialise its recipients, send them with one worker, time pages meanwhile.

- materialise: one issue to a segment of about `recipients` generated candidates (the tier
  and source filters whose match is closest), timed from the INSERT ... SELECT's start to
  its commit;
- send: one worker (a fresh `manage.py shell` process, so its peak RSS is its own) sends
  `send` of them to an aiosmtpd sink on 127.0.0.1 (its own process, so the sink's CPU is
  not the worker's), with no rate limit; messages per second over the whole run;
- pages: the recruiter pages of pages.py timed while that worker sends.
Everything the run made (the issue, its rows, its touch points, the segment) is removed after.
"""
import itertools
import json
import logging
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from candidates.models import Candidate
from outreach.choices import TouchKind
from outreach.mail.tests.smtp_server import Recorder, SmtpSink, free_port
from outreach.models import TouchPoint
from outreach.newsletters.choices import NewsletterStatus
from outreach.newsletters.materialise import recipients_materialise
from outreach.newsletters.models import Newsletter
from outreach.segments.models import Segment

from . import pages
from .jobs import peak_rss_mb

MATERIALISE_BUDGET_S = 10.0
RATE_BUDGET_PER_S = 300.0
RSS_BUDGET_MB = 300.0
SUBJECT = "Bench news for {{ first_name }}"
BODY = (
    "Hi {{ first_name }},\n\nTwo **new teams** are starting at Initech, and we thought of you at {{ company }}.\n\n"
    "- [Platform](https://example.com/platform)\n- [Data](https://example.com/data)\n\n"
    "![The team](https://example.com/team.jpg)\n\nSee you at the [meetup](https://example.com/meetup),\n"
    "{{ recruiter_name }}"
)

_WORKER = """
import json, time
from bench.jobs import peak_rss_mb
from outreach.newsletters.sending import newsletter_send_some
limit, sent, started = {limit}, 0, time.perf_counter()
while sent < limit:
    run = newsletter_send_some(newsletter_id={newsletter_id}, run_seconds=2, batch_size=min(500, limit - sent))
    sent += run.sent
    if not run.sent and not run.more:
        break
elapsed = time.perf_counter() - started
print(json.dumps({{"sent": sent, "seconds": elapsed, "peak_rss_mb": peak_rss_mb()}}))
"""


class _FirstOnly(Recorder):
    """Keeps the first message it accepts (its headers go in the report), counts the rest."""

    async def handle_DATA(self, server, session, envelope):
        self.keep_bodies = not self.accepted
        return await super().handle_DATA(server, session, envelope)


def _sink(conn) -> None:
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command at INFO
    recorder = _FirstOnly(keep_bodies=True)
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port(), data_size_limit=10 * 1024 * 1024)
    controller.start()
    try:
        conn.send(controller.port)
        conn.recv()  # "stop"
        first = recorder.accepted[0]["raw"] if recorder.accepted else b""
        conn.send({"count": recorder.count, "first": first.decode("utf-8", "replace")})
    finally:
        controller.stop()


def _segment_for(target: int, owner) -> Segment:
    """A segment over generated candidates whose tier/source filters match closest to `target`."""
    cells = {(tier, source): n for tier, source, n in Candidate.objects.filter(is_generated=True).order_by()
                 .values_list("tier", "source").annotate(n=Count("pk"))}
    tiers = sorted({tier for tier, _ in cells})
    sources = sorted({source for _, source in cells})

    def subsets(values):
        return [list(c) for r in range(1, len(values) + 1) for c in itertools.combinations(values, r)]

    best = min(((t, s) for t in subsets(tiers) for s in subsets(sources)),
               key=lambda ts: abs(sum(cells.get((a, b), 0) for a in ts[0] for b in ts[1]) - target))
    return Segment.objects.create(name="Bench newsletter segment", owner=owner, tiers=best[0], sources=best[1])


def _worker(newsletter_id: int, limit: int, port: int) -> dict:
    env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{port}", "NEWSLETTER_RATE_PER_SECOND": "0",
           "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
    manage = Path(settings.BASE_DIR) / "manage.py"
    code = _WORKER.format(limit=limit, newsletter_id=newsletter_id)
    return subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py, fixed code
        [sys.executable, str(manage), "shell", "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)


def _result_of(process) -> dict:
    out, err = process.communicate(timeout=3600)
    for line in reversed(out.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise RuntimeError(f"newsletter worker failed: {err.strip()[-800:]}")


def _clean_up(newsletter: Newsletter | None, segment: Segment | None, started) -> None:
    if newsletter is not None:
        newsletter.recipients().delete()
        TouchPoint.objects.filter(kind=TouchKind.NEWSLETTER, author=newsletter.author, occurred_at__gte=started,
                                  summary__startswith="Newsletter: Bench news").delete()
        newsletter.delete()
    if segment is not None:
        segment.delete()


class _InProcess:
    """The quick run's worker and sink: in this process, one after the other (the test suite's way)."""

    def __init__(self):
        self.sink = SmtpSink(keep_bodies=True).__enter__()
        self.port = self.sink.port

    def send(self, newsletter_id: int, limit: int) -> dict:
        from outreach.newsletters.sending import newsletter_send_some

        with override_settings(**self.sink.django_settings(), NEWSLETTER_RATE_PER_SECOND=0):
            started = time.perf_counter()
            run = newsletter_send_some(newsletter_id=newsletter_id, run_seconds=60, batch_size=max(1, limit))
            return {"sent": run.sent, "seconds": time.perf_counter() - started, "peak_rss_mb": peak_rss_mb()}

    def close(self) -> dict:
        first = self.sink.recorder.accepted[0]["raw"] if self.sink.recorder.accepted else b""
        count = self.sink.recorder.count
        self.sink.__exit__(None, None, None)
        return {"count": count, "first": first.decode("utf-8", "replace")}


def newsletter_run(*, recipients: int = 100_000, send: int | None = None, page_requests: int = 30,
                   page_warmup: int = 3, in_process: bool = False) -> dict:
    """in_process (the quick run): sink and worker here, the send after the pages rather than during."""
    subject = pages.subjects()
    owner = subject.recruiter
    started_at = timezone.now()
    newsletter = segment = sink = None
    if in_process:
        local = _InProcess()
        port = local.port
    else:
        context = multiprocessing.get_context("fork")
        parent, child = context.Pipe()
        connections.close_all()
        sink = context.Process(target=_sink, args=(child,), daemon=True)
        sink.start()
        port = parent.recv()
    try:
        segment = _segment_for(recipients, owner)
        newsletter = Newsletter.objects.create(subject=SUBJECT, body=BODY, preheader="Two new teams", segment=segment,
                                               author=owner, status=NewsletterStatus.SCHEDULED)
        began = time.perf_counter()
        with transaction.atomic():
            added = recipients_materialise(newsletter=newsletter, now=timezone.now())
        materialise_s = time.perf_counter() - began
        queued = newsletter.recipients().filter(status="queued").count()
        Newsletter.objects.filter(pk=newsletter.pk).update(status=NewsletterStatus.SENDING, started_at=timezone.now())
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE mail_outboundemail")
        limit = min(queued, send if send is not None else queued)
        worker = None if in_process else _worker(newsletter.pk, limit, port)
        page_results = pages.pages_measure(requests=page_requests, warmup=page_warmup,
                                           only={s.key for s in pages.page_specs(subject) if s.role == "recruiter"})
        if in_process:
            pages_done_while_sending = False
            sent = local.send(newsletter.pk, limit)
            sunk = local.close()
        else:
            pages_done_while_sending = worker.poll() is None
            sent = _result_of(worker)
            parent.send("stop")
            sunk = parent.recv()
    finally:
        if sink is not None:
            sink.join(timeout=10)
            if sink.is_alive():
                sink.kill()
        _clean_up(newsletter, segment, started_at)
    rate = sent["sent"] / sent["seconds"] if sent["seconds"] else 0.0
    worst = max((p["p95_ms"] for p in page_results if not p["skipped"]), default=0.0)
    headers = sunk["first"].split("\r\n\r\n", 1)[0] if sunk["first"] else ""
    return {
        "recipients": added, "queued": queued, "materialise_s": round(materialise_s, 2),
        "materialise_met": materialise_s < MATERIALISE_BUDGET_S,
        "sent": sent["sent"], "send_seconds": round(sent["seconds"], 2), "messages_per_s": round(rate, 1),
        "rate_met": rate >= RATE_BUDGET_PER_S, "smtp_accepted": sunk["count"],
        "peak_worker_rss_mb": round(sent["peak_rss_mb"], 1), "rss_met": sent["peak_rss_mb"] < RSS_BUDGET_MB,
        "pages_while_sending": page_results, "pages_done_while_sending": pages_done_while_sending,
        "worst_recruiter_p95_ms": round(worst, 1), "pages_met": worst <= pages.RECRUITER_P95_MS,
        "first_message_headers": headers,
    }
