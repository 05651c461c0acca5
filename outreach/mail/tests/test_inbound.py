"""Reading incoming mail: what it is, its new text, and hostile mail refused with a reason."""
from outreach.mail.inbound import MAX_RAW_BYTES, MAX_TEXT_CHARS, parse_email, strip_quoted

from .inbound_mail import bounce, out_of_office, reply


def test_a_reply_keeps_only_the_new_text():
    parsed = parse_email(reply(to="replies@nurture.test", in_reply_to="<abc@mail.example.com>"))
    assert parsed.kind == "reply"
    assert parsed.text == "Yes, let's talk next week!"
    assert parsed.in_reply_to == "<abc@mail.example.com>"
    assert parsed.from_email == "ada@example.org"


def test_quoted_history_in_the_usual_shapes_is_stripped():
    assert strip_quoted("Sounds good.\n\n-----Original Message-----\nFrom: Rita\nSent: Monday") == "Sounds good."
    assert strip_quoted("Thanks!\n\nFrom: Rita Recruiter\nSent: 9 November 2026 10:00\nTo: Ada") == "Thanks!"
    assert strip_quoted("Great\n-- \nAda\nCTO") == "Great"
    assert strip_quoted("Sure.\n\nOn Mon, 9 Nov 2026,\nRita <r@x> wrote:\n> hi") == "Sure."
    # "From:" inside the new text is not a quote header on its own.
    assert strip_quoted("From: my side, yes.\nLet's talk.") == "From: my side, yes.\nLet's talk."


def test_auto_replies_are_told_apart():
    assert parse_email(out_of_office(to="x@y.z")).kind == "auto_reply"
    for headers in ({"X-Autoreply": "yes"}, {"Precedence": "auto_reply"}, {"Auto-Submitted": "auto-generated"}):
        assert parse_email(reply(to="x@y.z", headers=headers)).kind == "auto_reply", headers
    assert parse_email(reply(to="x@y.z", subject="Automatic reply: Catching up")).kind == "auto_reply"
    assert parse_email(reply(to="x@y.z", headers={"Auto-Submitted": "no"})).kind == "reply"


def test_a_delivery_status_notification_is_a_bounce_naming_our_message():
    parsed = parse_email(bounce(original_message_id="<orig@mail.example.com>"))
    assert parsed.kind == "bounce"
    assert parsed.bounced_ids == ["<orig@mail.example.com>"]
    assert parsed.bounced_addresses == ["ada@example.org"]
    assert parsed.hard_bounce
    assert not parse_email(bounce(original_message_id="<o@x>", status="4.2.2")).hard_bounce


def test_html_only_mail_is_read_as_text_with_scripts_gone():
    raw = reply(to="x@y.z", text="", html="<p>Hello <b>there</b></p><script>alert('x')</script><p>Ada</p>")
    parsed = parse_email(raw)
    assert "alert" not in parsed.text and "<" not in parsed.text
    assert "Hello there" in parsed.text


def test_hostile_mail_is_refused_or_cut_down_never_raised():
    assert parse_email(b"x" * (MAX_RAW_BYTES + 1)).kind == "rejected"
    assert "Too large" in parse_email(b"x" * (MAX_RAW_BYTES + 1)).note
    assert parse_email(b"\x00\xff\xfe garbage with no headers at all").kind == "rejected"  # no sender
    huge = parse_email(reply(to="x@y.z", text="A" * 5_000_000))
    assert huge.kind == "reply" and len(huge.text) <= MAX_TEXT_CHARS
    broken = (b"From: ada@example.org\r\nMessage-ID: <b@x>\r\nContent-Type: multipart/mixed; boundary=\"zz\"\r\n\r\n"
              b"--zz\r\nContent-Type: text/plain; charset=no-such-charset\r\nContent-Transfer-Encoding: base64\r\n\r\n"
              b"!!!not base64!!!\r\n--zz")
    parsed = parse_email(broken)
    assert parsed.kind in ("reply", "rejected")
    forged = reply(to="x@y.z", headers={"X-Original-To": "replies+r1-000000000000@nurture.test"},
                   message_id="<" + "m" * 400 + "@x>")
    assert len(parse_email(forged).message_id) <= 250
