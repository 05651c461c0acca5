"""Reading an email that came in: size limits first, then Python's parser, then what it is.

Everything here is pure (bytes in, a ParsedEmail out) so hostile mail cannot reach the
database half-understood: a message too large, unparseable or without a sender comes back
`rejected` with the reason, and the caller records that instead of crashing.

Classification, in order:
- a bounce: a delivery status notification (multipart/report; report-type=delivery-status);
- an auto-reply: Auto-Submitted other than "no", X-Autoreply, X-Autorespond,
  Precedence auto_reply/bulk/junk, or an out-of-office subject;
- otherwise a reply.
"""
import dataclasses
import hashlib
import html as html_module
import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

import nh3

# A reply is text; anything past this is an attachment nobody asked for or an attack.
MAX_RAW_BYTES = 10 * 1024 * 1024
# What we keep of the new text, and of any one part we read.
MAX_TEXT_CHARS = 20_000
MAX_PART_BYTES = 1024 * 1024
MAX_PARTS = 200

OUT_OF_OFFICE = re.compile(
    r"^\s*(auto(matic)?[ -]?(reply|response|antwort)|out of (the )?office|abwesenheit|absence|"
    r"on (annual )?leave|away from (the )?office|vacation|holiday (reply|notice)|r[ée]ponse automatique)",
    re.IGNORECASE,
)
MESSAGE_ID = re.compile(r"<[^<>\s]{1,246}>")
# Where quoted history starts: "On Tue, 3 Dec 2026 at 10:00, Dee <dee@x> wrote:", Outlook's
# "-----Original Message-----" or its "From: ... Sent: ..." block, Gmail's forwarded marker.
QUOTE_HEADER = re.compile(
    r"^(on .{0,200}wrote:|.{1,200}\swrote:|am .{0,200}schrieb .{0,100}:|le .{0,200}a écrit ?:|"
    r"-{2,}\s*original message\s*-{2,}|"
    r"_{10,}|from:\s.+|-{5,} ?forwarded message ?-{5,})\s*$",
    re.IGNORECASE,
)


@dataclasses.dataclass
class ParsedEmail:
    message_id: str
    kind: str  # an InboundKind value
    from_email: str = ""
    from_name: str = ""
    subject: str = ""
    text: str = ""
    in_reply_to: str = ""
    references: list[str] = dataclasses.field(default_factory=list)
    recipients: list[str] = dataclasses.field(default_factory=list)
    # A bounce: the Message-IDs of ours it reports on, and the addresses that failed.
    bounced_ids: list[str] = dataclasses.field(default_factory=list)
    bounced_addresses: list[str] = dataclasses.field(default_factory=list)
    hard_bounce: bool = True
    note: str = ""


def _digest_id(raw: bytes) -> str:
    return "<sha256." + hashlib.sha256(raw).hexdigest()[:40] + "@inbound.invalid>"


def _header(message, name: str, limit: int = 998) -> str:
    try:
        value = message.get(name, "")
    except Exception:  # a header the policy cannot decode: treat as absent
        return ""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", str(value or "")).strip()[:limit]


def _ids(value: str, limit: int = 50) -> list[str]:
    return MESSAGE_ID.findall(value)[:limit]


def classify(message) -> tuple[str, str]:
    """(InboundKind value, why) for a parsed message."""
    content_type = message.get_content_type()
    if content_type == "multipart/report" and message.get_param("report-type", "").lower() == "delivery-status":
        return "bounce", "delivery status notification"
    auto_submitted = _header(message, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return "auto_reply", f"Auto-Submitted: {auto_submitted[:40]}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"):
        if _header(message, name) and name != "X-Auto-Response-Suppress":
            return "auto_reply", f"{name} header"
    precedence = _header(message, "Precedence").lower()
    if precedence in ("auto_reply", "bulk", "junk"):
        return "auto_reply", f"Precedence: {precedence}"
    if OUT_OF_OFFICE.search(_header(message, "Subject")):
        return "auto_reply", "out-of-office subject"
    return "reply", ""


def _part_text(part) -> str:
    payload = part.get_payload(decode=True) or b""
    if len(payload) > MAX_PART_BYTES:
        payload = payload[:MAX_PART_BYTES]
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        return payload.decode("utf-8", errors="replace")


def html_to_text(html: str) -> str:
    """HTML to plain text the safe way: nh3 drops scripts, styles and every tag; line breaks survive."""
    html = re.sub(r"(?i)<\s*(br|/p|/div|/li|/tr|/h\d)\b[^>]*>", "\n", html)
    text = nh3.clean(html, tags=set(), clean_content_tags={"script", "style", "head", "title"})
    return html_module.unescape(text)


def body_text(message) -> str:
    """The message's text: its first text/plain part, else its first text/html part made plain."""
    plain = html = None
    for count, part in enumerate(message.walk()):
        if count > MAX_PARTS:
            break
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        content_type = part.get_content_type()
        if content_type == "text/plain" and plain is None:
            plain = _part_text(part)
        elif content_type == "text/html" and html is None:
            html = _part_text(part)
    if plain is not None and plain.strip():
        return plain
    return html_to_text(html) if html else ""


def strip_quoted(text: str) -> str:
    """The new text of a reply: everything above the quoted history, signature delimiter included."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(">") or line.rstrip("\r") in ("-- ", "--"):
            break
        if QUOTE_HEADER.match(stripped):
            # "From: ..." only starts a quote when more header lines follow it (Outlook).
            if stripped.lower().startswith("from:") and not any(
                    nxt.strip().lower().startswith(("sent:", "date:", "to:", "subject:"))
                    for nxt in lines[index + 1:index + 3]):
                kept.append(line)
                continue
            break
        kept.append(line)
    # Gmail wraps "On ... wrote:" over two lines: drop a dangling "On ... " line left above it.
    while kept and re.match(r"^\s*on .{0,200}(,|at \d|\d{4})\s*$", kept[-1], re.IGNORECASE):
        kept.pop()
    return "\n".join(kept).strip()[:MAX_TEXT_CHARS]


def _dsn_details(message) -> tuple[list[str], list[str], bool]:
    """What a bounce reports: the Message-IDs it quotes, the failed addresses, hard or soft."""
    ids, addresses, hard = [], [], True
    for part in message.walk():
        content_type = part.get_content_type()
        if content_type in ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers"):
            inner = part.get_payload()
            if isinstance(inner, list) and inner:
                inner = inner[0]
            if isinstance(inner, str):
                inner = message_from_bytes(inner.encode("utf-8", "replace"), policy=policy.default)
            if hasattr(inner, "get"):
                ids += _ids(_header(inner, "Message-ID"))
        elif content_type == "message/delivery-status":
            for block in part.get_payload() if isinstance(part.get_payload(), list) else []:
                recipient = _header(block, "Final-Recipient") or _header(block, "Original-Recipient")
                if ";" in recipient:
                    addresses.append(recipient.split(";", 1)[1].strip().lower())
                action = _header(block, "Action").lower()
                status = _header(block, "Status")
                if action == "delayed" or status.startswith("4"):
                    hard = False
    failed = _header(message, "X-Failed-Recipients")
    if failed:
        addresses += [address.lower() for _, address in getaddresses([failed]) if address]
    return ids, sorted(set(addresses)), hard


def parse_email(raw: bytes) -> ParsedEmail:
    """What an incoming message is, or a rejected ParsedEmail saying why not."""
    if len(raw) > MAX_RAW_BYTES:
        return ParsedEmail(message_id=_digest_id(raw[:MAX_RAW_BYTES]), kind="rejected",
                           note=f"Too large: {len(raw):,} bytes (limit {MAX_RAW_BYTES:,}).")
    try:
        message: EmailMessage = message_from_bytes(raw, policy=policy.default)
    except Exception as exc:  # the parser is lenient; this is truly broken input
        return ParsedEmail(message_id=_digest_id(raw), kind="rejected", note=f"Unparseable: {type(exc).__name__}")
    own_ids = _ids(_header(message, "Message-ID"), limit=1)
    message_id = own_ids[0] if own_ids else _digest_id(raw)
    name, address = parseaddr(_header(message, "From"))
    parsed = ParsedEmail(
        message_id=message_id, kind="reply", from_email=address.strip().lower()[:254], from_name=name[:200],
        subject=_header(message, "Subject", 300),
        in_reply_to=(_ids(_header(message, "In-Reply-To"), limit=1) or [""])[0],
        references=_ids(_header(message, "References", 20_000)),
        recipients=[addr for _, addr in getaddresses(
            [_header(message, name) for name in ("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")])
            if addr][:50],
    )
    try:
        parsed.kind, parsed.note = classify(message)
        if parsed.kind == "bounce":
            parsed.bounced_ids, parsed.bounced_addresses, parsed.hard_bounce = _dsn_details(message)
            return parsed
        if not parsed.from_email or "@" not in parsed.from_email:
            parsed.kind, parsed.note = "rejected", "No sender address."
            return parsed
        parsed.text = strip_quoted(body_text(message))
    except Exception as exc:  # broken MIME deep inside: keep the headers, say why
        parsed.kind, parsed.note = "rejected", f"Broken MIME: {type(exc).__name__}"
    return parsed
