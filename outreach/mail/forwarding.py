"""The recruiter's copy of each reply, so the conversation stays in their own mail client.

Sent exactly once per reply, the way every message is: the InboundEmail row is the unit,
claimed by a conditional UPDATE (pending -> sending, or a dead worker's claim), sent, marked.
It carries the candidate's new text, Reply-To the candidate (answering goes straight to
them) and a link to the candidate page.
"""
import datetime as dt
import logging
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from .merge import header_safe
from .models import ForwardStatus, InboundEmail

logger = logging.getLogger(__name__)

CLAIM_TIMEOUT = dt.timedelta(minutes=3)


def _claim(inbound_id: int, now: dt.datetime) -> bool:
    claimable = Q(forward_status=ForwardStatus.PENDING) | Q(
        forward_status=ForwardStatus.SENDING, forward_claimed_at__lt=now - CLAIM_TIMEOUT)
    return InboundEmail.objects.filter(claimable, pk=inbound_id).update(
        forward_status=ForwardStatus.SENDING, forward_claimed_at=now) == 1


def forward_message(inbound: InboundEmail) -> EmailMessage:
    candidate = inbound.candidate
    link = settings.SITE_URL.rstrip("/") + candidate.get_absolute_url()
    body = render_to_string("mail/emails/reply_forward.txt", {
        "inbound": inbound, "candidate": candidate, "candidate_url": link})
    subject = header_safe(f"{candidate.full_name} replied: {inbound.subject or '(no subject)'}")[:300]
    return EmailMessage(
        subject=subject, body=body,
        from_email=formataddr((f"{header_safe(candidate.full_name)} via {settings.MAIL_FROM_NAME}",
                               settings.MAIL_FROM_ADDRESS)),
        to=[inbound.forwarded_to],
        reply_to=[formataddr((header_safe(candidate.full_name), candidate.email))],
        headers={"Auto-Submitted": "auto-generated", "X-Nurture-Forwarded-Reply": inbound.message_id},
    )


def reply_forward_send(*, inbound_id: int) -> bool:
    """Forward the reply unless it is forwarded or being forwarded; True when this call sent it."""
    now = timezone.now()
    if not _claim(inbound_id, now):
        return False
    inbound = InboundEmail.objects.select_related("candidate").get(pk=inbound_id)
    try:
        forward_message(inbound).send()
    except Exception:
        # Handed back for the retry or the sweep; nothing was marked sent.
        InboundEmail.objects.filter(pk=inbound_id, forward_status=ForwardStatus.SENDING).update(
            forward_status=ForwardStatus.PENDING, forward_claimed_at=None)
        raise
    InboundEmail.objects.filter(pk=inbound_id, forward_status=ForwardStatus.SENDING).update(
        forward_status=ForwardStatus.SENT, forwarded_at=timezone.now(), forward_claimed_at=None)
    return True
