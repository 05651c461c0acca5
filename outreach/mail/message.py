"""The email as it leaves: From the app on the recruiter's behalf, Reply-To the recruiter, both parts.

With a team reply mailbox (MAIL_REPLY_MAILBOX) the Reply-To is that mailbox plus this message's
token instead, so the reply comes back to us and finds its message (reply_address.py).

Bulk email (newsletters, invitations, sequence steps) also carries RFC 8058 one-click
unsubscribe (List-Unsubscribe with one HTTPS URL, List-Unsubscribe-Post) and a List-Id,
which is what Gmail and Yahoo ask of bulk senders.
"""
from email.utils import formataddr, make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from .merge import header_safe
from .models import EmailPreferences, OutboundEmail
from .reply_address import reply_address
from .tokens import unsubscribe_url


def new_message_id() -> str:
    return make_msgid(domain=settings.MAIL_MESSAGE_ID_DOMAIN)


def sender_name(user) -> str:
    return header_safe(user.get_full_name() or user.username)


def from_header(user) -> str:
    """'Dee Shah via Nurture <nurture@...>': the app's own address, so SPF and DKIM hold."""
    return formataddr((f"{sender_name(user)} via {settings.MAIL_FROM_NAME}", settings.MAIL_FROM_ADDRESS))


def list_headers(*, preferences: EmailPreferences, topic: str) -> dict[str, str]:
    targets = [f"<{unsubscribe_url(preferences, topic)}>"]
    if settings.MAIL_UNSUBSCRIBE_MAILTO:
        targets.append(f"<mailto:{settings.MAIL_UNSUBSCRIBE_MAILTO}?subject=unsubscribe>")
    return {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{settings.MAIL_FROM_NAME} {topic} <{topic}.{settings.MAIL_LIST_ID_DOMAIN}>",
    }


def _reply_to(email: OutboundEmail) -> list[str] | None:
    """The team's reply mailbox with this message's token when there is one, else the recruiter."""
    sender = email.sender
    address = reply_address(email.pk) if email.pk else ""
    if address:
        return [formataddr((sender_name(sender), address))]
    return [formataddr((sender_name(sender), sender.email))] if sender.email else None


def email_message(email: OutboundEmail, *, preferences: EmailPreferences, connection=None) -> EmailMultiAlternatives:
    sender = email.sender
    headers = {"Message-ID": email.message_id}
    # A sequence step "in the same thread" answers the step before it; mail clients thread on these.
    if email.in_reply_to:
        headers["In-Reply-To"] = email.in_reply_to
        headers["References"] = email.references or email.in_reply_to
    if email.is_bulk:
        headers.update(list_headers(preferences=preferences, topic=email.topic))
    if settings.MAIL_PROVIDER == "postmark":
        # Postmark echoes X-PM-Metadata-* in its webhooks: that is how an event finds its message.
        headers["X-PM-Metadata-nurture-ref"] = email.message_id.strip("<>")
    # An invitation (outreach.events) carries its calendar; every other email is plain text and HTML.
    message_class = CalendarEmail if email.calendar_ics else EmailMultiAlternatives
    message = message_class(
        subject=email.subject,
        body=email.body_text,
        from_email=from_header(sender),
        to=[formataddr((header_safe(email.to_name), email.to_email))],
        reply_to=_reply_to(email),
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(email.body_html, "text/html")
    if email.calendar_ics:
        attach_calendar(message, method=email.calendar_method, ics=email.calendar_ics)
    # Anymail backends (an ESP's API instead of SMTP) pass this on, and report the provider's id.
    message.metadata = {"nurture_ref": email.message_id.strip("<>")}
    return message



class CalendarEmail(EmailMultiAlternatives):
    """An email carrying an invitation as calendars expect it (RFC 6047): a `text/calendar;
    method=X` alternative beside the text and HTML, which Outlook and Gmail show with their own
    Yes/No buttons, and the same calendar as an `invite.ics` attachment for every other client.
    Both parts carry the same METHOD as the VCALENDAR inside them."""

    calendar_method = ""

    def message(self, *args, **kwargs):
        msg = super().message(*args, **kwargs)
        for part in msg.walk():
            if part.get_content_type() == "text/calendar":
                part.set_param("method", self.calendar_method)
        return msg


def attach_calendar(message: CalendarEmail, *, method: str, ics: str) -> None:
    message.calendar_method = method
    message.attach_alternative(ics, "text/calendar")
    message.attach("invite.ics", ics, "text/calendar")
