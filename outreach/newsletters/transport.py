"""Handing newsletter messages to the mail server: one SMTP connection kept open for a whole run.

With the SMTP backend the message bytes go straight to smtplib (no email.message tree);
any other backend (files on a laptop, an ESP's API through django-anymail) gets an
EmailMultiAlternatives per message, slower but the same message.
"""
import contextlib
import dataclasses
import queue
import smtplib
import ssl
import threading

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils import timezone

from outreach.mail.sending import SMTP_BACKEND, SMTP_TIMEOUT_SECONDS


class Transport:
    def __init__(self):
        self.smtp: smtplib.SMTP | None = None
        self.backend = None
        self.raw = settings.EMAIL_BACKEND == SMTP_BACKEND

    def _open(self) -> smtplib.SMTP:
        timeout = getattr(settings, "EMAIL_TIMEOUT", None) or SMTP_TIMEOUT_SECONDS
        host, port = settings.EMAIL_HOST, settings.EMAIL_PORT
        if getattr(settings, "EMAIL_USE_SSL", False):
            smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
            if getattr(settings, "EMAIL_USE_TLS", False):
                smtp.starttls(context=ssl.create_default_context())
        if settings.EMAIL_HOST_USER:
            smtp.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
        return smtp

    def send(self, *, envelope_from: str, to_email: str, raw: bytes, message_factory) -> None:
        """Raises smtplib errors (and OSError) as smtplib does; the caller decides what they mean."""
        if self.raw:
            if self.smtp is None:
                self.smtp = self._open()
            self.smtp.sendmail(envelope_from, [to_email], raw)
            return
        if self.backend is None:
            self.backend = get_connection()
        message: EmailMultiAlternatives = message_factory()
        message.connection = self.backend
        message.send()

    def drop(self) -> None:
        """After an error the conversation is in no known state: the next message opens afresh."""
        smtp, self.smtp = self.smtp, None
        if smtp is not None:
            with contextlib.suppress(OSError):
                smtp.close()

    def close(self) -> None:
        smtp, self.smtp = self.smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()
        self.backend = None


@dataclasses.dataclass
class Job:
    email_id: int
    candidate_id: int
    envelope_to: str
    raw: bytes
    factory: object
    notice: bool


class Couriers:
    """Hands messages to the mail server over `connections` SMTP connections at once, one thread each.

    Most of a message's time is spent waiting for the server's replies (MAIL, RCPT, DATA,
    the message); a few connections side by side keep one worker busy instead of waiting.
    Each thread calls `on_sent(email_id, sent_at)` (the row's "sent" mark, on that thread's
    own database connection) the moment the server accepted the message, so the window in
    which a killed worker leaves a sent message unmarked is one message per connection.
    With one connection, or inside a transaction (whose rows no other connection can see),
    everything happens inline in the caller's thread.
    """

    def __init__(self, *, connections: int, on_sent, on_thread_exit=None):
        self.on_sent = on_sent
        self.on_thread_exit = on_thread_exit
        self.done: queue.Queue = queue.Queue()
        self.outstanding = 0
        self.inline = connections <= 1 or settings.EMAIL_BACKEND != SMTP_BACKEND
        self.transport = Transport() if self.inline else None
        self.inbox: queue.Queue = queue.Queue()
        self.threads = [] if self.inline else [
            threading.Thread(target=self._loop, name=f"newsletter-smtp-{n}", daemon=True) for n in range(connections)]
        self.window = max(1, 2 * connections)
        for thread in self.threads:
            thread.start()

    def _deliver(self, transport: Transport, job: Job) -> None:
        try:
            transport.send(envelope_from=settings.MAIL_FROM_ADDRESS, to_email=job.envelope_to, raw=job.raw,
                           message_factory=job.factory)
        except (smtplib.SMTPException, OSError) as exc:
            transport.drop()
            self.done.put((job, exc, None))
            return
        sent_at = timezone.now()
        try:
            self.on_sent(job.email_id, sent_at)
        except Exception as exc:  # the mark failed (database gone): the caller hears of it
            self.done.put((job, exc, sent_at))
            return
        self.done.put((job, None, sent_at))

    def _loop(self) -> None:
        transport = Transport()
        try:
            while (job := self.inbox.get()) is not None:
                self._deliver(transport, job)
        finally:
            transport.close()
            if self.on_thread_exit:
                self.on_thread_exit()

    def submit(self, job: Job) -> list:
        """Send `job` (now, or when a connection is free); returns the results that came in meanwhile."""
        self.outstanding += 1
        if self.inline:
            self._deliver(self.transport, job)
            return self.collect()
        self.inbox.put(job)
        return self.collect(block=self.outstanding >= self.window)

    def collect(self, *, block: bool = False, everything: bool = False) -> list:
        """[(job, error or None, sent_at)] of the messages finished so far (waiting for one, or for all)."""
        results = []
        while self.outstanding:
            try:
                result = self.done.get(block=block or everything, timeout=120 if block or everything else None)
            except queue.Empty:
                break
            results.append(result)
            self.outstanding -= 1
            block = False
        return results

    def withdraw(self) -> list[Job]:
        """Take back the messages no connection has started on yet (a pause, a 4xx)."""
        taken = []
        while True:
            try:
                job = self.inbox.get_nowait()
            except queue.Empty:
                return taken
            if job is not None:
                taken.append(job)
                self.outstanding -= 1

    def close(self) -> None:
        for _ in self.threads:
            self.inbox.put(None)
        for thread in self.threads:
            thread.join(timeout=60)
        if self.transport is not None:
            self.transport.close()
