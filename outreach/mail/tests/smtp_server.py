"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it accepts, for tests and the benchmark.

`replies` lets a test script the server's answer to each DATA command in turn: a 4xx to
throttle, a 5xx to reject, or "hang" to sit on the message as a stuck server would.
"""
import asyncio
import logging
import socket
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    """The aiosmtpd handler: answers DATA as scripted, keeps every message it accepted."""

    def __init__(self, *, keep_bodies: bool = True):
        self.keep_bodies = keep_bodies
        self.accepted: list[dict] = []
        self.count = 0
        self.replies: list[str] = []
        self.data_commands = 0
        self.lock = threading.Lock()
        self.release = asyncio.Event()  # set by release_hung(), from any thread, via the loop

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.data_commands += 1
            reply = self.replies.pop(0) if self.replies else "250 2.0.0 Message accepted"
        if reply == "hang":
            await self.release.wait()
            return "451 4.3.0 Gave up on a hung message"
        if reply.startswith("250"):
            with self.lock:
                self.count += 1
                if self.keep_bodies:
                    self.accepted.append({
                        "mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos),
                        "raw": envelope.original_content or envelope.content,
                    })
        return reply

    def messages(self):
        return [message_from_bytes(item["raw"], policy=policy.default) for item in self.accepted]


class SmtpSink:
    """with SmtpSink() as sink: a live SMTP server at sink.host:sink.port until the block ends."""

    def __init__(self, *, keep_bodies: bool = True):
        # aiosmtpd logs every SMTP command at INFO: thousands of lines in a benchmark, noise in a test.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.host = "127.0.0.1"
        self.port = free_port()
        self.recorder = Recorder(keep_bodies=keep_bodies)
        self.controller = Controller(self.recorder, hostname=self.host, port=self.port,
                                     data_size_limit=10 * 1024 * 1024)

    def __enter__(self) -> "SmtpSink":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release_hung()
        self.controller.stop()

    def release_hung(self) -> None:
        loop = getattr(self.controller, "loop", None)
        if loop is not None and loop.is_running():
            loop.call_soon_threadsafe(self.recorder.release.set)

    def django_settings(self) -> dict:
        return {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": self.host,
                "EMAIL_PORT": self.port, "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": False,
                "EMAIL_HOST_USER": "", "EMAIL_HOST_PASSWORD": "", "EMAIL_TIMEOUT": 10}

    def messages(self):
        return self.recorder.messages()

    @property
    def count(self) -> int:
        return self.recorder.count
