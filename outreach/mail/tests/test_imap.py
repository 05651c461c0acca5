"""The reply mailbox over real IMAP (Dovecot on 127.0.0.1): import once, file away, survive hostile mail."""
import pytest

from outreach.mail.imap import reply_mailbox_poll
from outreach.mail.models import InboundEmail, MatchRule
from outreach.mail.reply_address import reply_address
from outreach.mail.sending import outbound_email_send
from outreach.mail.services import personal_email_queue
from outreach.models import TouchPoint

from .factories import draft
from .inbound_mail import out_of_office, reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(candidate, recruiter, smtp, imap):
    email = personal_email_queue(candidate=candidate, sender=recruiter, **draft())
    outbound_email_send(email_id=email.pk)
    email.refresh_from_db()
    return email


def test_a_reply_in_the_mailbox_is_imported_once_and_moved_to_processed(imap, sent, candidate,
                                                                       django_capture_on_commit_callbacks):
    imap.deliver(reply(to=reply_address(sent.pk), from_="Dana Scott <dana@example.org>"))
    with django_capture_on_commit_callbacks(execute=True):
        first = reply_mailbox_poll()
    assert (first.imported, first.moved) == (1, 1)
    assert imap.count("INBOX") == 0 and imap.count("Processed") == 1
    record = InboundEmail.objects.get()
    assert (record.source, record.matched_by, record.candidate) == ("imap", MatchRule.REPLY_ADDRESS, candidate)
    assert TouchPoint.objects.filter(candidate=candidate, direction="inbound").count() == 1
    # Polling again imports nothing: the inbox is empty; and if the move had failed, the
    # same message delivered again is recognised by its Message-ID.
    assert reply_mailbox_poll().imported == 0
    with imap.mailbox("Processed") as box:
        raw = next(box.fetch(mark_seen=False)).obj.as_bytes()
    imap.deliver(raw)
    again = reply_mailbox_poll()
    assert (again.imported, again.seen_before, again.moved) == (0, 1, 1)
    assert InboundEmail.objects.count() == 1


def test_an_out_of_office_reply_is_recorded_as_one(imap, sent):
    imap.deliver(out_of_office(to=reply_address(sent.pk), from_="dana@example.org"))
    reply_mailbox_poll()
    assert InboundEmail.objects.get().kind == "auto_reply"
    assert not TouchPoint.objects.filter(direction="inbound").exists()


def test_hostile_mail_is_filed_as_rejected_and_the_next_message_still_gets_in(imap, sent, settings, monkeypatch):
    monkeypatch.setattr("outreach.mail.imap.MAX_RAW_BYTES", 50_000)
    huge = reply(to=reply_address(sent.pk), text="A" * 200_000, from_="dana@example.org")
    no_sender = b"Subject: who am I\r\nMessage-ID: <anon@x>\r\n\r\nno From header\r\n"
    scripted = reply(to=reply_address(sent.pk), from_="dana@example.org", text="",
                     html="<p>Fine</p><script>document.cookie</script><img src=x onerror=alert(1)>")
    imap.deliver(huge, no_sender, scripted)
    result = reply_mailbox_poll()
    assert (result.imported, result.rejected, result.moved) == (1, 2, 3)
    assert imap.count("INBOX") == 0
    kinds = dict(InboundEmail.objects.values_list("subject", "kind"))
    assert kinds["who am I"] == "rejected"
    stored = InboundEmail.objects.get(kind="reply")
    assert "script" not in stored.text and "cookie" not in stored.text and "Fine" in stored.text
    assert InboundEmail.objects.filter(kind="rejected", note__startswith="Too large").exists()


def test_without_an_imap_host_the_poll_does_nothing(settings):
    settings.MAIL_IMAP_HOST = ""
    assert reply_mailbox_poll().imported == 0
