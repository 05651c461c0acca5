"""Sending an issue to its recipients in batches: claim, check suppression, send, mark. Resumable.

Exactly once, at scale (the pattern of outreach/mail/sending.py, a batch at a time):
- each recipient is one OutboundEmail row (materialise.py), unique per issue and candidate;
- a worker claims a batch with one UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED)
  RETURNING: two workers never claim the same row, and neither waits for the other;
- suppression is read for the whole batch after the claim, at send time, so whoever
  unsubscribed, paused or bounced since the issue was scheduled gets nothing;
- each message is marked sent (one small UPDATE, committed) the moment the server accepts it,
  so a worker killed mid-batch leaves only unsent rows claimed. Those are claimed again once
  their claim is STALE_CLAIM old: well past any live run (RUN_SECONDS, the task's time limit),
  so a slow live worker is never overtaken. The one gap is mail's own: a worker dying between
  the server's "250" and that UPDATE resends that single message.
Pause and cancel are read every CHECK_EVERY messages; an SMTP 4xx hands the rest of the batch
back and raises Throttled, and the task backs off. Timeline entries (a newsletter touch point,
which does not move the check-in cadence) are written once per batch.
"""
import dataclasses
import datetime as dt
import logging
import threading
import time
from email.utils import format_datetime

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.utils import timezone

from candidates.models import Candidate
from outreach.choices import TouchKind
from outreach.mail.choices import MailKind, MailStatus
from outreach.mail.models import EmailPreferences
from outreach.mail.sending import Throttled, _smtp_code
from outreach.mail.suppression import address_suppressions, suppression_reason
from outreach.models import TouchPoint
from outreach.services import touch_points_log_bulk

from .choices import NewsletterStatus
from .mime import address, envelope_address, list_headers, message_bytes
from .models import Newsletter, NewsletterSettings
from .rendering import Recipient, from_name, personalise, rendered_for_send
from .transport import Couriers, Job

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
CHECK_EVERY = 50
RUN_SECONDS = 45
STALE_CLAIM = dt.timedelta(minutes=5)


@dataclasses.dataclass
class SendRun:
    sent: int = 0
    suppressed: int = 0
    failed: int = 0
    # Come back after `wait` seconds: more to send (run time or hourly limit used up), or a dead
    # worker's claims to pick up once they are stale.
    more: bool = False
    wait: float = 0.0


class Pacer:
    """At most `per_second` messages a second (0: no limit), and `per_hour` across every worker."""

    def __init__(self, *, per_second: float, per_hour: int):
        self.interval = 1.0 / per_second if per_second else 0.0
        self.per_hour = per_hour
        self.next_at = time.monotonic()

    def wait_turn(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if self.next_at > now:
            time.sleep(self.next_at - now)
        self.next_at = max(self.next_at, now) + self.interval

    @staticmethod
    def _hour_key(now: dt.datetime) -> str:
        return f"newsletters:sent:{now:%Y%m%d%H}"

    def hour_left(self, now: dt.datetime) -> int | None:
        """Messages still allowed this clock hour (None: no hourly limit). Counted in the cache:
        a shared one (CACHE_URL, Redis) in production, so every worker counts together."""
        if not self.per_hour:
            return None
        return max(0, self.per_hour - (cache.get(self._hour_key(now)) or 0))

    def count(self, now: dt.datetime, n: int) -> None:
        if self.per_hour and n:
            key = self._hour_key(now)
            cache.add(key, 0, timeout=2 * 3600)
            cache.incr(key, n)


_CLAIM_SQL = """
UPDATE mail_outboundemail SET status = 'sending', claimed_at = %(now)s, attempts = attempts + 1
WHERE id IN (
    SELECT id FROM mail_outboundemail
    WHERE batch_key = %(key)s AND (status = 'queued' OR (status = 'sending' AND claimed_at < %(stale)s))
    ORDER BY id LIMIT %(limit)s FOR UPDATE SKIP LOCKED
)
RETURNING id, candidate_id, to_email, to_name, message_id, includes_privacy_notice
"""


def _claim(*, batch_key: str, now: dt.datetime, limit: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM_SQL, {"now": now, "key": batch_key, "stale": now - STALE_CLAIM, "limit": limit})
        return sorted(cursor.fetchall())


def _release(ids: list[int], error: str = "") -> None:
    """Hand claimed, unsent rows back to the queue (a pause, a 4xx, a broken connection)."""
    if ids:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE mail_outboundemail SET status = 'queued', claimed_at = NULL, last_error = %s "
                           "WHERE id = ANY(%s) AND status = 'sending'", [error[:2000], ids])


def _fast_commits(on: bool) -> None:
    """Each "sent" mark commits without waiting for the disk (PostgreSQL's synchronous_commit off).

    A worker that dies loses nothing: its commits are in the server already. Only the
    database server crashing could forget the last fraction of a second of marks, and those
    messages would be sent again: the same trade mail makes for its own rare gap, at a
    fraction of the cost of a disk flush per message.
    """
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off" if on else "RESET synchronous_commit")


def _mark_sent(email_id: int, sent_at: dt.datetime) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE mail_outboundemail SET status = 'sent', sent_at = %s, claimed_at = NULL, "
                       "last_error = '' WHERE id = %s AND status = 'sending'", [sent_at, email_id])


_marker_threads = threading.local()


def _mark_sent_fast(email_id: int, sent_at: dt.datetime) -> None:
    """_mark_sent from a courier thread: its own connection, fast commits from its first mark on."""
    if not getattr(_marker_threads, "ready", False) and threading.current_thread() is not threading.main_thread():
        _fast_commits(True)
        _marker_threads.ready = True
    _mark_sent(email_id, sent_at)


def _finish(ids_by_status: dict[tuple[str, str], list[int]], now: dt.datetime) -> None:
    """Suppressed and failed rows of a batch: one UPDATE per (status, reason or error)."""
    for (status, detail), ids in ids_by_status.items():
        reason, error = (detail, "") if status == MailStatus.SUPPRESSED else ("", detail)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE mail_outboundemail SET status = %s, suppressed_reason = %s, last_error = %s, "
                           "claimed_at = NULL, finished_at = %s WHERE id = ANY(%s) AND status = 'sending'",
                           [status, reason, error[:2000], now, ids])


def _batch_people(rows: list[tuple]) -> tuple[dict, dict, dict]:
    """Candidates, their preferences and their addresses' suppressions for a batch: three queries."""
    candidate_ids = [row[1] for row in rows]
    candidates = Candidate.objects.only(
        "id", "full_name", "current_company", "current_title", "do_not_contact", "stage", "email",
    ).in_bulk(candidate_ids)
    preferences = {p.candidate_id: p for p in EmailPreferences.objects.filter(candidate_id__in=candidate_ids)}
    emails = [row[2].strip().lower() for row in rows]
    suppressions = address_suppressions(emails)
    return candidates, preferences, suppressions


def _still_sending(newsletter_id: int) -> bool:
    return Newsletter.objects.filter(pk=newsletter_id, status=NewsletterStatus.SENDING).exists()


def _log_deliveries(*, newsletter: Newsletter, delivered: list[tuple[int, dt.datetime]],
                    noticed: list[int]) -> None:
    """The batch's timeline entries (not a personal touch: the cadence stays) and privacy notices, at once."""
    if not delivered:
        return
    summary = f"Newsletter: {newsletter.subject}"[:4000]
    with transaction.atomic():
        touch_points_log_bulk(touch_points=[
            TouchPoint(candidate_id=candidate_id, kind=TouchKind.NEWSLETTER, occurred_at=sent_at,
                       author_id=newsletter.author_id, summary=summary)
            for candidate_id, sent_at in delivered
        ])
        if noticed:
            EmailPreferences.objects.filter(candidate_id__in=noticed, privacy_notice_sent_at__isnull=True).update(
                privacy_notice_sent_at=delivered[-1][1])


def _django_message(*, subject, text, page, from_header, to_header, reply_to, headers):
    def build():
        message = EmailMultiAlternatives(subject=subject, body=text, from_email=from_header, to=[to_header],
                                         reply_to=[reply_to] if reply_to else None, headers=headers)
        message.attach_alternative(page, "text/html")
        message.metadata = {"nurture_ref": headers["Message-ID"].strip("<>")}
        return message

    return build


def _build(*, newsletter, rendered, candidate, prefs, to_email, to_name, message_id, notice, now, from_header,
           reply_to):
    """One recipient's copy: (recipient, message bytes, a factory for non-SMTP backends)."""
    recipient = Recipient(
        message_key=message_id.strip("<>").partition(".")[0], full_name=candidate.full_name,
        company=candidate.current_company, title=candidate.current_title, link_key=prefs.link_key,
        consent_source=prefs.consent_source, lawful_basis=prefs.lawful_basis,
        privacy_notice=notice and not prefs.privacy_notice_sent_at,
    )
    subject, text, page, unsubscribe = personalise(rendered, recipient, topic=newsletter.topic)
    headers = list_headers(topic=newsletter.topic, unsubscribe=unsubscribe)
    to_header = address(to_name, to_email)
    raw = message_bytes(from_header=from_header, to_header=to_header, reply_to=reply_to, subject=subject,
                        message_id=message_id, date=format_datetime(now), extra_headers=headers, text=text, html=page)
    factory = _django_message(subject=subject, text=text, page=page, from_header=from_header, to_header=to_header,
                              reply_to=reply_to, headers={"Message-ID": message_id, **headers})
    return recipient, raw, factory


def _send_batch(*, newsletter: Newsletter, rows: list[tuple], couriers: Couriers, pacer: Pacer,
                run: SendRun, track_opens: bool) -> bool:
    """Send one claimed batch; False when the issue was paused or cancelled part-way."""
    now = timezone.now()
    rendered = rendered_for_send(newsletter, track_opens=track_opens)
    candidates, preferences, suppressions = _batch_people(rows)
    author = newsletter.author
    from_header = address(from_name(newsletter), settings.MAIL_FROM_ADDRESS)
    reply_to = "" if newsletter.from_team or not author.email else address(
        author.get_full_name() or author.username, author.email)
    finished: dict[tuple[str, str], list[int]] = {}
    delivered: list[tuple[int, dt.datetime]] = []
    noticed: list[int] = []
    pending = {row[0] for row in rows}
    problems: list[BaseException] = []

    def settle(results) -> None:
        for job, error, sent_at in results:
            if error is None:
                pending.discard(job.email_id)
                delivered.append((job.candidate_id, sent_at))
                if job.notice:
                    noticed.append(job.candidate_id)
                run.sent += 1
                continue
            code = _smtp_code(error)
            if code is not None and 500 <= code < 600:
                # This address is refused for good; the rest of the batch goes on.
                finished.setdefault((MailStatus.FAILED, repr(error)), []).append(job.email_id)
                pending.discard(job.email_id)
                run.failed += 1
            else:
                if sent_at is not None:
                    # Accepted but not marked (the database went away): never hand it back as unsent.
                    pending.discard(job.email_id)
                problems.append(error)

    stopped = True
    try:
        for n, (email_id, candidate_id, to_email, to_name, message_id, notice) in enumerate(rows):
            if problems:
                break
            if n and n % CHECK_EVERY == 0 and not _still_sending(newsletter.pk):
                return False
            candidate, prefs = candidates.get(candidate_id), preferences.get(candidate_id)
            reason = "deleted" if candidate is None else suppression_reason(
                candidate=candidate, kind=MailKind.NEWSLETTER, topic=newsletter.topic, preferences=prefs,
                to_email=to_email, now=now, suppression=suppressions.get(to_email.strip().lower()),
                check_address=False, exclude_email_id=email_id)
            if reason or prefs is None:
                finished.setdefault((MailStatus.SUPPRESSED, reason or "unsubscribed_all"), []).append(email_id)
                pending.discard(email_id)
                run.suppressed += 1
                continue
            try:
                recipient, raw, factory = _build(
                    newsletter=newsletter, rendered=rendered, candidate=candidate, prefs=prefs, to_email=to_email,
                    to_name=to_name, message_id=message_id, notice=notice, now=now, from_header=from_header,
                    reply_to=reply_to)
                envelope_to = envelope_address(to_email)
            except Exception as exc:  # one bad row (a bug, odd data) must not stop the batch
                logger.exception("Newsletter %s: could not build the message for email %s", newsletter.pk, email_id)
                finished.setdefault((MailStatus.FAILED, repr(exc)), []).append(email_id)
                pending.discard(email_id)
                run.failed += 1
                continue
            pacer.wait_turn()
            settle(couriers.submit(Job(email_id=email_id, candidate_id=candidate_id, envelope_to=envelope_to,
                                       raw=raw, factory=factory, notice=recipient.privacy_notice)))
        stopped = bool(problems)
        return True
    finally:
        if stopped:
            couriers.withdraw()  # paused, throttled or broken: what no connection started on is handed back below
        settle(couriers.collect(everything=True))
        _release(list(pending), repr(problems[0]) if problems else "")
        _finish(finished, now)
        _log_deliveries(newsletter=newsletter, delivered=delivered, noticed=noticed)
        pacer.count(now, len(delivered))
        if problems:
            code = _smtp_code(problems[0])
            if code is not None and 400 <= code < 500:
                raise Throttled(repr(problems[0])) from problems[0]
            raise problems[0]


def _try_finish(newsletter_id: int, now: dt.datetime) -> bool:
    """Mark the issue sent once no recipient is queued or being sent: whoever finishes last does it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE newsletters_newsletter SET status = 'sent', finished_at = %s, throttled_until = NULL "
            "WHERE id = %s AND status = 'sending' AND NOT EXISTS (SELECT 1 FROM mail_outboundemail "
            "WHERE batch_key = %s AND status IN ('queued', 'sending'))",
            [now, newsletter_id, f"newsletter:{newsletter_id}"])
        return cursor.rowcount == 1


def _oldest_claim(batch_key: str):
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(claimed_at) FROM mail_outboundemail WHERE batch_key = %s AND status = 'sending'",
                       [batch_key])
        return cursor.fetchone()[0]


def newsletter_send_some(*, newsletter_id: int, run_seconds: float = RUN_SECONDS, batch_size: int = BATCH_SIZE,
                         now: dt.datetime | None = None) -> SendRun:
    """Send batches of an issue for up to `run_seconds`; idempotent, and a no-op unless it is sending.

    Raises Throttled (an SMTP 4xx) and connection errors with the unsent rows handed back.
    `now` moves the claim clock (tests of a dead worker's stale claims).
    """
    run = SendRun()
    newsletter = Newsletter.objects.select_related("author").filter(pk=newsletter_id).first()
    if newsletter is None or newsletter.status != NewsletterStatus.SENDING:
        if newsletter is not None and newsletter.status == NewsletterStatus.CANCELLED:
            _spare_cancelled(newsletter)
        return run
    pacer = Pacer(per_second=settings.NEWSLETTER_RATE_PER_SECOND, per_hour=settings.NEWSLETTER_RATE_PER_HOUR)
    track_opens = NewsletterSettings.current().track_opens
    if pacer.interval:
        # A batch should take seconds, not minutes, so a claim never gets near STALE_CLAIM.
        batch_size = max(1, min(batch_size, int(settings.NEWSLETTER_RATE_PER_SECOND * 5)))
    couriers = Couriers(connections=1 if connection.in_atomic_block else settings.NEWSLETTER_SMTP_CONNECTIONS,
                        on_sent=_mark_sent_fast, on_thread_exit=lambda: connection.close())
    deadline = time.monotonic() + run_seconds
    _fast_commits(True)
    try:
        while True:
            clock = now or timezone.now()
            left = pacer.hour_left(clock)
            if left == 0:
                next_hour = clock.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
                run.more, run.wait = True, (next_hour - clock).total_seconds()
                return run
            rows = _claim(batch_key=newsletter.batch_key, now=clock,
                          limit=batch_size if left is None else min(batch_size, left))
            if not rows:
                if not _try_finish(newsletter_id, timezone.now()):
                    oldest = _oldest_claim(newsletter.batch_key)
                    if oldest is not None and _still_sending(newsletter_id):
                        # Someone else's claims: live (they finish it) or dead (we take them when stale).
                        run.more = True
                        run.wait = max(1.0, (oldest + STALE_CLAIM - clock).total_seconds())
                return run
            if not _send_batch(newsletter=newsletter, rows=rows, couriers=couriers, pacer=pacer, run=run,
                               track_opens=track_opens):
                return run
            if not _still_sending(newsletter_id):
                return run
            if time.monotonic() > deadline:
                run.more = True
                return run
    finally:
        couriers.close()
        _fast_commits(False)
        if Newsletter.objects.filter(pk=newsletter_id, status=NewsletterStatus.CANCELLED).exists():
            _spare_cancelled(newsletter)


def _spare_cancelled(newsletter: Newsletter) -> None:
    """Rows a worker handed back after the issue was cancelled: never sent, and say why."""
    newsletter.recipients().filter(status=MailStatus.QUEUED).update(
        status=MailStatus.SUPPRESSED, suppressed_reason="cancelled", finished_at=timezone.now())


def throttled_note(*, newsletter_id: int, seconds: float) -> None:
    """Say on the issue's page that the server asked us to wait, and until when."""
    Newsletter.objects.filter(pk=newsletter_id).update(
        throttled_until=timezone.now() + dt.timedelta(seconds=seconds))
