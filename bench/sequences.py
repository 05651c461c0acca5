"""Sequences at scale: N active enrolments, one beat tick moving the due ones, replies imported over IMAP.

What is measured, on the generated candidates:
- one beat tick (enrolments_advance) over `due` due enrolments among `enrolments` active ones:
  the SKIP LOCKED batches, the step-run INSERTs and the UPDATE ... FROM VALUES (budget < 5 s
  for 10,000 due);
- writing the step emails of `replies` of those runs through mail's bulk queue (informational);
- importing `replies` replies from a real IMAP mailbox (Dovecot on 127.0.0.1, as the tests run it),
  each matched by its reply address, recorded, made a touch point, stopping its enrolment and
  queueing its forward (the broker is not what is measured: publishes are collected) (budget < 30 s
  for 1,000). Delivering them into the mailbox is not timed.
The tick runs at a fixed Monday 10:00 UTC so it always falls inside the send window. Everything
the run adds is removed afterwards; the replies' touch points move those candidates' cadences,
so this part runs after the pages and jobs are measured.
"""
import datetime as dt
import os
import time
from types import SimpleNamespace

from django.db import connection
from django.test import override_settings
from django.utils import timezone

from candidates.models import Candidate
from candidates.services import recruiter_create
from outreach.mail import replies as mail_replies
from outreach.mail.models import InboundEmail, OutboundEmail
from outreach.mail.reply_address import reply_address
from outreach.models import TouchPoint
from outreach.sequences.advance import enrolments_advance
from outreach.sequences.models import Enrolment, Sequence, StepRun
from outreach.sequences.services import sequence_create, step_add
from outreach.sequences.writing import step_emails_write

TICK_BUDGET_S = 5.0
TICK_BUDGET_DUE = 10_000
IMPORT_BUDGET_S = 30.0
IMPORT_BUDGET_REPLIES = 1_000
USERNAME = "bench-sequence-sender"
NAME = "Bench sequence"


def _monday_10(now: dt.datetime) -> dt.datetime:
    day = (now - dt.timedelta(days=now.weekday() + 7)).date()
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)


def _clean_up() -> None:
    from django.contrib.auth import get_user_model

    sequences = Sequence.objects.filter(name=NAME)
    ids = list(StepRun.objects.filter(enrolment__sequence__in=sequences, email__isnull=False)
               .values_list("email_id", flat=True))
    InboundEmail.objects.filter(message_id__endswith="@bench-reply.invalid>").delete()
    TouchPoint.objects.filter(summary__startswith="Replied: Bench reply").delete()
    StepRun.objects.filter(enrolment__sequence__in=sequences).delete()
    Enrolment.objects.filter(sequence__in=sequences).delete()
    OutboundEmail.objects.filter(pk__in=ids).delete()
    sequences.delete()
    get_user_model().objects.filter(username=USERNAME).delete()


def _enrol(sequence, sender, *, enrolments: int, due: int, now: dt.datetime) -> int:
    """`enrolments` active enrolments of generated candidates, the first `due` of them due now (plain SQL)."""
    table = Enrolment._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (sequence_id, candidate_id, enrolled_by_id, status, next_position, "  # noqa: S608
            "next_step_at, stop_reason, stop_detail, created_at) "
            "SELECT %s, c.id, %s, 'active', 1, "
            "CASE WHEN row_number() OVER (ORDER BY c.id) <= %s THEN %s::timestamptz "
            "ELSE %s::timestamptz + (c.id %% 7 + 1) * interval '1 day' END, '', '', %s "
            f"FROM {Candidate._meta.db_table} c WHERE c.is_generated AND c.email <> '' "
            f"AND NOT EXISTS (SELECT 1 FROM {table} e WHERE e.candidate_id = c.id AND e.status = 'active') "
            "ORDER BY c.id LIMIT %s",
            [sequence.pk, sender.pk, due, now - dt.timedelta(minutes=1), now, now, enrolments],
        )
        return cursor.rowcount


def _replies(emails: list[OutboundEmail]) -> list[bytes]:
    from outreach.mail.tests.inbound_mail import reply

    return [reply(to=reply_address(email.pk), from_=email.to_email, subject=f"Re: {email.subject}",
                  text=f"Bench reply {n}: happy to talk.", in_reply_to=email.message_id,
                  message_id=f"<{n}.{email.pk}@bench-reply.invalid>") for n, email in enumerate(emails)]


def sequences_run(*, enrolments: int = 50_000, due: int = 10_000, replies: int = 1_000) -> dict:
    from outreach.mail.tests.imap_server import DovecotServer, dovecot_problem

    _clean_up()
    result: dict = {"enrolments": enrolments, "due": due, "replies": replies}
    sender = recruiter_create(username=USERNAME, email="bench-sequences@example.invalid",
                              password=os.urandom(16).hex(), first_name="Bench", last_name="Sequences")
    sequence = sequence_create(name=NAME, owner=sender, window_start_hour=0, window_end_hour=24)
    step_add(sequence=sequence, kind="email", subject="Catching up, {{ first_name }}?",
             body="Hi {{ first_name }},\n\nHow is **{{ company }}**?\n\n{{ recruiter_first_name }}")
    step_add(sequence=sequence, kind="wait", wait_days=2)
    step_add(sequence=sequence, kind="email", subject="Following up", body="Just bumping this, {{ first_name }}.")
    now = _monday_10(timezone.now())
    try:
        with override_settings(SEQUENCE_HOLIDAYS="", MAIL_REPLY_MAILBOX="replies@bench.invalid"):
            result["enrolled"] = _enrol(sequence, sender, enrolments=enrolments, due=due, now=now)
            started = time.perf_counter()
            tick = enrolments_advance(now=now)
            result["tick_s"] = round(time.perf_counter() - started, 3)
            result["moved"], result["step_runs"] = tick.moved, tick.emails + tick.tasks
            # The step emails a worker would write next: only as many as the replies need.
            published: list[int] = []
            saved, mail_services = _swap_publish(published)
            try:
                started = time.perf_counter()
                written = 0
                while written < replies and (n := step_emails_write(now=now, batch_size=min(500, replies))):
                    written += n
                result["write_s"] = round(time.perf_counter() - started, 3)
                result["written"] = written
            finally:
                mail_services.send_email = saved
            problem = dovecot_problem()
            if problem:
                result["imap_skipped"] = problem
                return result
            emails = list(OutboundEmail.objects.filter(batch_key=f"sequence-step:{sequence.steps.first().pk}")
                          .order_by("pk")[:replies])
            with DovecotServer() as imap, override_settings(**imap.django_settings()):
                imap.deliver(*_replies(emails))
                forwards: list[int] = []
                saved_forward, mail_replies.forward_reply = mail_replies.forward_reply, SimpleNamespace(
                    delay=forwards.append)
                try:
                    from outreach.mail.imap import reply_mailbox_poll

                    started = time.perf_counter()
                    polled = reply_mailbox_poll(limit=replies)
                    result["import_s"] = round(time.perf_counter() - started, 3)
                finally:
                    mail_replies.forward_reply = saved_forward
            result["imported"] = polled.imported
            result["stopped"] = Enrolment.objects.filter(sequence=sequence, status="stopped").count()
            result["forwards_queued"] = len(forwards)
    finally:
        _clean_up()
    return result


def _swap_publish(published: list[int]):
    from outreach.mail import services as mail_services

    saved = mail_services.send_email
    mail_services.send_email = SimpleNamespace(delay=published.append)
    return saved, mail_services


def sequence_budgets(result: dict) -> list[dict]:
    checks = []
    if "tick_s" in result:
        # Held to the budget's own figure; a larger run gets proportionally longer, a smaller one no less.
        limit = TICK_BUDGET_S * max(result["moved"], TICK_BUDGET_DUE) / TICK_BUDGET_DUE
        checks.append({"check": f"Sequence tick: {result['moved']:,} due moved < {limit:.1f} s "
                                f"({TICK_BUDGET_S:.0f} s per {TICK_BUDGET_DUE:,})",
                       "value": f"{result['tick_s']:.2f} s", "ok": result["tick_s"] < limit})
    if "import_s" in result:
        limit = IMPORT_BUDGET_S * max(result["imported"], IMPORT_BUDGET_REPLIES) / IMPORT_BUDGET_REPLIES
        checks.append({"check": f"Replies from IMAP: {result['imported']:,} imported < {limit:.1f} s "
                                f"({IMPORT_BUDGET_S:.0f} s per {IMPORT_BUDGET_REPLIES:,})",
                       "value": f"{result['import_s']:.2f} s", "ok": result["import_s"] < limit})
    return checks
