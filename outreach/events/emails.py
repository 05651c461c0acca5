"""What invitees read: the invitation, an update, a cancellation, a place freed up, a reminder.

Each is Markdown the mail channel renders (outreach/mail/compose.py), personal to the invitee:
their own RSVP links (Going / Maybe / Can't go open their page with that answer chosen; the
page's button records it, since a GET must not) and their own calendar.
"""
import dataclasses

from django.utils.formats import date_format

from .calendar import CANCEL, REQUEST, invitation_ics
from .choices import Answer
from .tokens import rsvp_url


@dataclasses.dataclass(frozen=True)
class Letter:
    subject: str
    method: str  # the calendar's METHOD, or "" for no calendar


INVITATION = Letter("You're invited: {title}", REQUEST)
UPDATE = Letter("Updated: {title}", REQUEST)
CANCELLATION = Letter("Cancelled: {title}", CANCEL)
PROMOTED = Letter("A place opened up: you're going to {title}", REQUEST)
REMINDER = Letter("Tomorrow: {title}", "")


def when(event) -> str:
    """'Thursday 12 March 2026, 18:00–21:00 (Europe/London)', in the event's own timezone."""
    start, end = event.local_start, event.local_end
    day = date_format(start, "l j F Y")
    if start.date() == end.date():
        return f"{day}, {start:%H:%M}–{end:%H:%M} ({event.timezone})"
    return f"{day} {start:%H:%M} – {date_format(end, 'l j F Y')} {end:%H:%M} ({event.timezone})"


def _text(value: str) -> str:
    # What recruiters typed is Markdown like the rest of the body (sanitised when rendered);
    # only line breaks are flattened, so a title cannot start a heading or a list.
    return " ".join(value.split())


def _details(event, *, going: bool) -> list[str]:
    lines = [f"**When:** {_text(when(event))}"]
    if event.address:
        lines.append(f"**Where:** {_text(event.address)}")
    if event.online_url:
        lines.append(f"**Online:** <{event.online_url}>" if going else "**Online:** the link is on your event page "
                                                                         "once you say you're going")
    return lines


def _buttons(page: str) -> str:
    # One signed link per invitee; the buttons only preselect an answer on it.
    return " · ".join(f"[{label}]({page}?answer={answer})" for answer, label in [
        (Answer.GOING, "Going"), (Answer.MAYBE, "Maybe"), (Answer.DECLINED, "Can't go"),
    ])


def letter_body(letter: Letter, invitation, *, note: str = "", page: str = "") -> str:
    event = invitation.event
    page = page or rsvp_url(invitation)
    going = invitation.answer == Answer.GOING
    parts = ["Hi {{ first_name }},"]
    if letter is INVITATION:
        if note:
            parts.append(note.strip())
        parts.append(f"We'd love to see you at **{_text(event.title)}**.")
    elif letter is UPDATE:
        parts.append(f"**{_text(event.title)}** has changed; here is what it looks like now. "
                     "Your calendar entry moves with it.")
    elif letter is CANCELLATION:
        parts.append(f"We're sorry: **{_text(event.title)}** is cancelled. It has been taken off your calendar.")
    elif letter is PROMOTED:
        parts.append(f"Good news: a place opened up at **{_text(event.title)}** and it is yours. "
                     "If you can no longer come, please tell us so someone else can have it.")
    elif letter is REMINDER:
        parts.append(f"A reminder that **{_text(event.title)}** is tomorrow. See you there!")
    parts.append("  \n".join(_details(event, going=going)))
    if letter is not CANCELLATION and event.description and letter is not REMINDER:
        parts.append(event.description.strip())
    if letter in (INVITATION, UPDATE):
        parts.append(f"Will you come? {_buttons(page)}")
    elif letter is not CANCELLATION:
        parts.append(f"Your event page: [change your answer]({page})")
    parts.append("{{ recruiter_name }}")
    return "\n\n".join(parts)


def letter_fields(letter: Letter, invitation, *, note: str = "") -> dict:
    """The keyword arguments bulk_emails_queue's `personalise` returns for one invitee."""
    page = rsvp_url(invitation)
    fields = {"body": letter_body(letter, invitation, note=note, page=page)}
    if letter.method:
        fields["calendar_method"] = letter.method
        fields["calendar_ics"] = invitation_ics(invitation=invitation, method=letter.method, url=page)
    return fields


def letter_subject(letter: Letter, event) -> str:
    # A subject is a header: the title was typed by a recruiter, the mail channel strips CR/LF.
    return letter.subject.format(title=event.title)
