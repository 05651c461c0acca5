"""Candidate email throughput: compose and hand N personal emails to a local SMTP sink.

Each message goes the whole way a real one does: rendered (merge fields, Markdown, nh3,
css-inline), its row inserted and committed (what the compose page does), then the send
task's body run for it (the broker is not what is measured): claimed, suppression read,
handed over real SMTP to an aiosmtpd server on 127.0.0.1, marked sent and logged as a touch
point. The messages are shared by one process per core, as two workers on a 2-core machine
would; their peak RSS is reported.

The candidates are a pool made for the run (is_generated, removed afterwards with all their
emails and touch points), so the rest of the benchmark's data is left as it was.
"""
import multiprocessing
import os
import time
from types import SimpleNamespace

from django.db import connection, connections
from django.test import override_settings

from bench.jobs import peak_rss_mb
from candidates.models import Candidate
from candidates.services import candidate_create, recruiter_create
from outreach.mail import services, tasks
from outreach.mail.models import OutboundEmail
from outreach.mail.services import personal_email_queue
from outreach.mail.tests.smtp_server import SmtpSink

RATE_BUDGET_PER_S = 200.0
RSS_BUDGET_MB = 300.0
POOL_SIZE = 200
USERNAME = "bench-mail-sender"
SUBJECT = "Catching up, {{ first_name }}?"
BODY = (
    "Hi {{ first_name }},\n\nIt has been a while! How are things at **{{ company }}**? I'd love to hear what "
    "you are working on, and tell you about two new teams we are starting:\n\n- Platform\n- Data\n\n"
    "[Tell us what you'd like to hear about]({{ preferences_url }}).\n\nBest,\n{{ recruiter_name }}"
)


def _pool(size: int):
    sender = recruiter_create(username=USERNAME, email="bench-mail@example.invalid", password=os.urandom(16).hex(),
                              first_name="Bench", last_name="Sender")
    candidates = [
        candidate_create(owner=sender, full_name=f"Bench Candidate {n}", email=f"bench-mail-{n}@example.invalid",
                         current_company="Globex", is_generated=True)
        for n in range(size)
    ]
    return sender, candidates


def _clean_up() -> None:
    Candidate.objects.filter(email__startswith="bench-mail-", email__endswith="@example.invalid").delete()
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username=USERNAME).delete()


def _compose_share(sender_id: int, candidate_ids: list[int], count: int) -> list[int]:
    """Compose and queue `count` emails (what the compose page does), cycling through the candidates.

    The publish is collected instead of sent to a broker, as the digest benchmark does: the
    broker is not what is measured, and the send phase below plays the workers.
    """
    from django.contrib.auth import get_user_model

    published: list[int] = []
    publish, services.send_email = services.send_email, SimpleNamespace(delay=published.append)
    try:
        sender = get_user_model().objects.get(pk=sender_id)
        candidates = list(Candidate.objects.filter(pk__in=candidate_ids).select_related("owner"))
        for n in range(count):
            personal_email_queue(candidate=candidates[n % len(candidates)], sender=sender, subject=SUBJECT,
                                 body=BODY)
    finally:
        services.send_email = publish
    return published


def _share(sender_id: int, candidate_ids: list[int], count: int) -> dict:
    """One process's share: compose its emails, then send them one by one as a worker's task does."""
    started = time.perf_counter()
    email_ids = _compose_share(sender_id, candidate_ids, count)
    composed = time.perf_counter()
    sent = sum(tasks.send_email.run(email_id) for email_id in email_ids)  # the task body, no broker
    done = time.perf_counter()
    return {"sent": sent, "compose_s": composed - started, "send_s": done - composed, "peak_rss_mb": peak_rss_mb()}


def _child(queue, *args) -> None:
    try:
        queue.put(_share(*args))
    except Exception as exc:  # reported by the parent, which fails the run
        queue.put({"error": repr(exc)})
    finally:
        connections.close_all()


def mail_send_run(*, count: int = 10_000, workers: int = 2, pool_size: int = POOL_SIZE) -> dict:
    """Messages per second and worker peak RSS for `count` personal emails; workers=0 runs in this process."""
    with SmtpSink(keep_bodies=False) as sink, override_settings(**sink.django_settings()):
        _clean_up()
        sender, candidates = _pool(min(pool_size, count))
        ids = [candidate.pk for candidate in candidates]
        try:
            started = time.perf_counter()
            shares = [_share(sender.pk, ids, count)] if workers == 0 else _in_processes(sender.pk, ids, count,
                                                                                      workers)
            elapsed = time.perf_counter() - started
            sent_rows = OutboundEmail.objects.filter(sender=sender, status="sent").count()
        finally:
            _clean_up()
        errors = [share["error"] for share in shares if "error" in share]
        if errors:
            raise RuntimeError(f"mail benchmark worker failed: {errors[0]}")
        rate = count / elapsed if elapsed else 0.0
        rss = max(share["peak_rss_mb"] for share in shares)
        compose_s = max(share["compose_s"] for share in shares)
        send_s = max(share["send_s"] for share in shares)
        return {
            "messages": count, "workers": workers or 1, "seconds": round(elapsed, 2),
            "messages_per_s": round(rate, 1), "compose_per_s": round(count / compose_s, 1) if compose_s else 0.0,
            "send_per_s": round(count / send_s, 1) if send_s else 0.0,
            "smtp_accepted": sink.count, "rows_sent": sent_rows, "peak_worker_rss_mb": round(rss, 1),
            "rate_met": rate >= RATE_BUDGET_PER_S, "rss_met": rss < RSS_BUDGET_MB,
        }


def _in_processes(sender_id: int, ids: list[int], count: int, workers: int) -> list[dict]:
    if connection.vendor != "postgresql":
        raise RuntimeError("worker processes need a database they can share: run the mail benchmark on PostgreSQL")
    connections.close_all()  # each child opens its own
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    per_worker = [count // workers + (1 if n < count % workers else 0) for n in range(workers)]
    # Each worker writes to its own candidates, as different messages to different people would.
    slices = [ids[n::workers] for n in range(workers)]
    processes = [context.Process(target=_child, args=(queue, sender_id, slices[n], per_worker[n]))
                 for n in range(workers)]
    for process in processes:
        process.start()
    shares = [queue.get(timeout=3600) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    return shares
