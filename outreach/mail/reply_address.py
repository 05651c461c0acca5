"""The per-message reply address: the team's reply mailbox plus a token naming one email.

replies@example.org becomes replies+r1234-9f86d081884c@example.org for email 1234. The token
is the email's id and an HMAC of it under the secret key, so it names exactly one message
and cannot be guessed or forged for another; providers and Dovecot deliver any plus-address
to the mailbox itself.
"""
import re

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "outreach.mail.reply-address"
TOKEN = re.compile(r"\+r(?P<pk>\d{1,12})-(?P<mac>[0-9a-f]{12})@", re.IGNORECASE)


def _mac(pk: int) -> str:
    return salted_hmac(SALT, str(pk)).hexdigest()[:12]


def reply_address(email_id: int) -> str:
    """The Reply-To for email `email_id`, or "" when the team has no reply mailbox."""
    mailbox = settings.MAIL_REPLY_MAILBOX
    if not mailbox or "@" not in mailbox:
        return ""
    local, _, domain = mailbox.rpartition("@")
    return f"{local}+r{email_id}-{_mac(email_id)}@{domain}"


def email_id_from_addresses(addresses: list[str]) -> int | None:
    """The email a reply was addressed to, from its recipients' addresses; None when no token checks out."""
    for address in addresses:
        for match in TOKEN.finditer(address or ""):
            pk = int(match["pk"])
            if constant_time_compare(match["mac"].lower(), _mac(pk)):
                return pk
    return None
