"""A candidate's reply, read from the mailbox, is a `candidate.replied` event (and an inbound touch point)."""
import pytest

from outreach.mail.replies import inbound_email_receive
from outreach.mail.reply_address import reply_address
from outreach.mail.sending import outbound_email_send
from outreach.mail.services import personal_email_queue
from outreach.mail.tests.factories import draft
from outreach.mail.tests.inbound_mail import reply

from .test_delivery import verify

pytestmark = pytest.mark.django_db


def test_a_reply_is_announced_without_its_text(settings, smtp, candidate, recruiter, endpoint, secret, receiver,
                                               django_capture_on_commit_callbacks):
    settings.MAIL_REPLY_MAILBOX = "replies@nurture.test"
    email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
    outbound_email_send(email_id=email.pk)
    with django_capture_on_commit_callbacks(execute=True):
        inbound = inbound_email_receive(raw=reply(to=reply_address(email.pk), text="Call me on 0123"), source="imap")
    events = {verify(secret, r.headers, r.body)["type"]: verify(secret, r.headers, r.body) for r in receiver.received}
    assert set(events) == {"touch_point.logged", "candidate.replied"}
    replied = events["candidate.replied"]["data"]
    assert replied["candidate"]["id"] == candidate.pk
    assert replied["in_reply_to_email_id"] == email.pk
    assert replied["replied_at"] == inbound.received_at.isoformat()
    assert all(b"0123" not in r.body for r in receiver.received)
