"""A newsletter message as bytes, built by string formatting: the same headers mail's messages carry.

Django's EmailMultiAlternatives builds an email.message tree and flattens it, about a
millisecond a message; a newsletter's messages differ only in a few values, so their
headers are formatted directly and both parts encoded by the C codecs (quoted-printable
for the text, base64 for the HTML). The headers match outreach/mail/message.py: From the
app on the sender's behalf, Reply-To the sender, RFC 8058 one-click unsubscribe, List-Id.
"""
import base64
import quopri
import secrets
from email.header import Header
from email.utils import formataddr

from django.conf import settings
from django.core.mail.message import sanitize_address

from outreach.mail.merge import header_safe

# Neither base64 nor quoted-printable output can contain "=_" at a line start: a safe boundary.
_BOUNDARY = "==_nl_" + secrets.token_hex(12)


def encoded_header(value: str) -> str:
    return value if value.isascii() else Header(value, "utf-8", maxlinelen=900).encode()


def address(name: str, email: str) -> str:
    """'Name <addr>' as Django's own SMTP backend writes it: a non-ASCII name encoded, an
    international domain in punycode, a non-ASCII local part encoded (as mail's channel does).
    Plain ASCII, the usual case, takes the short way (a third of a millisecond less a message)."""
    name = header_safe(name)
    if name.isascii() and email.isascii() and "\n" not in email:
        return formataddr((name, email))
    return sanitize_address((name, email), "utf-8")


def envelope_address(email: str) -> str:
    return email if email.isascii() else sanitize_address(email, "utf-8")


def message_bytes(*, from_header: str, to_header: str, reply_to: str, subject: str, message_id: str, date: str,
                  extra_headers: dict[str, str], text: str, html: str) -> bytes:
    headers = [
        f"From: {from_header}", f"To: {to_header}",
        *([f"Reply-To: {reply_to}"] if reply_to else []),
        f"Subject: {encoded_header(subject)}", f"Date: {date}", f"Message-ID: {message_id}",
        *(f"{name}: {value}" for name, value in extra_headers.items()),
        "MIME-Version: 1.0", f'Content-Type: multipart/alternative; boundary="{_BOUNDARY}"',
    ]
    text_part = quopri.encodestring(text.encode("utf-8")).decode("ascii")
    html_part = base64.encodebytes(html.encode("utf-8")).decode("ascii")
    return "\r\n".join([
        *headers, "", f"--{_BOUNDARY}",
        'Content-Type: text/plain; charset="utf-8"', "Content-Transfer-Encoding: quoted-printable", "",
        text_part, f"--{_BOUNDARY}",
        'Content-Type: text/html; charset="utf-8"', "Content-Transfer-Encoding: base64", "",
        html_part, f"--{_BOUNDARY}--", "",
    ]).replace("\r\n", "\n").replace("\n", "\r\n").encode("ascii")


def list_headers(*, topic: str, unsubscribe: str) -> dict[str, str]:
    """What Gmail and Yahoo ask of bulk senders (mail's message.list_headers, with the URL given)."""
    targets = [f"<{unsubscribe}>"]
    if settings.MAIL_UNSUBSCRIBE_MAILTO:
        targets.append(f"<mailto:{settings.MAIL_UNSUBSCRIBE_MAILTO}?subject=unsubscribe>")
    return {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{settings.MAIL_FROM_NAME} {topic} <{topic}.{settings.MAIL_LIST_ID_DOMAIN}>",
    }
