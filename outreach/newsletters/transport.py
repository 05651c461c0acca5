"""Handing newsletter messages to the mail server: one SMTP connection kept open for a whole run.

With the SMTP backend the message bytes go straight to smtplib (no email.message tree);
any other backend (files on a laptop, an ESP's API through django-anymail) gets an
EmailMultiAlternatives per message, slower but the same message.
"""
import contextlib
import smtplib
import ssl

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

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
