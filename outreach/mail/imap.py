"""Polling the team's reply mailbox over IMAP (imap-tools): import each message once, then file it away.

One poll: list the inbox's messages by header and size, read the full text of those within
the size limit, record each (replies.inbound_email_receive, idempotent by Message-ID) and move
everything handled to the processed folder. A message that is too large, or that breaks the
reader, is recorded as rejected with the reason and moved too, so one hostile email can never
make every poll fail on it again. A database error leaves the message in the inbox for the
next poll; a second import of a message moved late is a no-op (same Message-ID).
"""
import dataclasses
import hashlib
import logging

from django.conf import settings
from imap_tools import MailBox, MailBoxUnencrypted

from .inbound import MAX_RAW_BYTES
from .replies import inbound_email_receive, inbound_email_reject

logger = logging.getLogger(__name__)

FETCH_CHUNK = 100
IMAP_TIMEOUT_SECONDS = 30


@dataclasses.dataclass
class PollResult:
    imported: int = 0
    seen_before: int = 0
    rejected: int = 0
    moved: int = 0


def _mailbox():
    box = MailBox if settings.MAIL_IMAP_SSL else MailBoxUnencrypted
    return box(settings.MAIL_IMAP_HOST, settings.MAIL_IMAP_PORT, timeout=IMAP_TIMEOUT_SECONDS)


def _header_id(message) -> str:
    found = message.headers.get("message-id", ("",))[0].strip()
    return found or "<imap-uid-" + hashlib.sha256(repr(message.headers).encode()).hexdigest()[:32] + "@inbound.invalid>"


def _import(message, result: PollResult) -> bool:
    """Record one fully fetched message; True when it may be moved out of the inbox."""
    try:
        record = inbound_email_receive(raw=bytes(message.obj), source="imap")
    except Exception as exc:
        logger.exception("Inbound email (IMAP uid %s) broke the reader", message.uid)
        try:
            inbound_email_reject(message_id=_header_id(message), source="imap",
                                 note=f"Could not be read: {type(exc).__name__}")
        except Exception:
            logger.exception("Could not record inbound email uid %s; left in the inbox", message.uid)
            return False
        result.rejected += 1
        return True
    if record is None:
        result.seen_before += 1
    elif record.kind == "rejected":
        result.rejected += 1
    else:
        result.imported += 1
    return True


def reply_mailbox_poll(*, limit: int = 1000) -> PollResult:
    """One poll of the reply mailbox (a no-op without MAIL_IMAP_HOST)."""
    result = PollResult()
    if not settings.MAIL_IMAP_HOST:
        return result
    processed = settings.MAIL_IMAP_PROCESSED_FOLDER
    with _mailbox().login(settings.MAIL_IMAP_USER, settings.MAIL_IMAP_PASSWORD,
                          initial_folder=settings.MAIL_IMAP_FOLDER) as mailbox:
        if not mailbox.folder.exists(processed):
            mailbox.folder.create(processed)
        heads = list(mailbox.fetch(headers_only=True, mark_seen=False, bulk=True, limit=limit))
        handled, readable = [], []
        for head in heads:
            if head.size_rfc822 > MAX_RAW_BYTES:
                inbound_email_reject(message_id=_header_id(head), source="imap", from_email=head.from_,
                                     subject=head.subject,
                                     note=f"Too large: {head.size_rfc822:,} bytes (limit {MAX_RAW_BYTES:,}).")
                result.rejected += 1
                handled.append(head.uid)
            else:
                readable.append(head.uid)
        for start in range(0, len(readable), FETCH_CHUNK):
            chunk = readable[start:start + FETCH_CHUNK]
            for message in mailbox.fetch(uid_list=chunk, mark_seen=False, bulk=True):
                if _import(message, result):
                    handled.append(message.uid)
        if handled:
            mailbox.move(handled, processed)
            result.moved = len(handled)
    if heads:
        logger.info("Reply mailbox: %s", result)
    return result
