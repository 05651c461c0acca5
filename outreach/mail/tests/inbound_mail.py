"""Building incoming emails for tests: replies, out-of-office answers, bounces, hostile mail."""
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone


def reply(*, to: str, from_: str = "Ada Lovelace <ada@example.org>", subject: str = "Re: Catching up, Ada?",
          text: str = "Yes, let's talk next week!", in_reply_to: str = "", references: str = "",
          message_id: str | None = None, headers: dict | None = None, html: str | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = from_
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = message_id or make_msgid(domain="mail.example.org")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = references
    for name, value in (headers or {}).items():
        message[name] = value
    quoted = "\n".join(["", "On Mon, 9 Nov 2026 at 10:00, Rita Recruiter <replies@nurture.test> wrote:",
                        "> Hi Ada,", ">", "> How is Analytical Engines treating you?"])
    if html is not None and not text:
        message.set_content(html, subtype="html")  # an HTML-only message
    else:
        message.set_content(text + "\n" + quoted)
        if html is not None:
            message.add_alternative(html, subtype="html")
    return message.as_bytes()


def out_of_office(*, to: str, in_reply_to: str = "", **kwargs) -> bytes:
    return reply(to=to, subject="Out of office: Catching up, Ada?", text="I am away until Monday.",
                 in_reply_to=in_reply_to, headers={"Auto-Submitted": "auto-replied"}, **kwargs)


def bounce(*, original_message_id: str, recipient: str = "ada@example.org", status: str = "5.1.1") -> bytes:
    """A delivery status notification (RFC 3464) as Postfix writes one."""
    boundary = "DSN-BOUNDARY-1"
    return (
        "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\r\n"
        "To: nurture@mail.example.com\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        f"Message-ID: {make_msgid(domain='mx.example.org')}\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"\r\n\r\n'
        f"--{boundary}\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        f"--{boundary}\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.org\r\n\r\n"
        f"Final-Recipient: rfc822; {recipient}\r\nAction: failed\r\nStatus: {status}\r\n\r\n"
        f"--{boundary}\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"From: nurture@mail.example.com\r\nTo: {recipient}\r\nMessage-ID: {original_message_id}\r\n"
        "Subject: Catching up\r\n\r\n"
        f"--{boundary}--\r\n"
    ).encode()
