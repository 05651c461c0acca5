"""Writes from the preference centre and the one-click unsubscribe, and the recruiter's consent record.

Every change a candidate makes is an inbound touch point on their timeline (so the
recruiter sees "paused all email until 1 Mar" where they look first), and is read at
the next send: nothing is cached or copied onto queued messages.
"""
import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from outreach.choices import Direction, TouchKind
from outreach.services import touch_point_log

from .choices import Frequency, LawfulBasis, Topic
from .models import EmailPreferences
from .signals import candidate_unsubscribed


def _day(moment) -> str:
    return date_format(moment, "j M Y")


def _log(preferences: EmailPreferences, changes: list[str], now: dt.datetime) -> None:
    if changes:
        touch_point_log(
            candidate=preferences.candidate, kind=TouchKind.OTHER, direction=Direction.INBOUND, occurred_at=now,
            author=None, summary="Email preferences: " + "; ".join(changes) + ".",
        )


def _locked(preferences: EmailPreferences) -> EmailPreferences:
    # Two tabs saving at once must not interleave; the candidate comes along for the touch point.
    return EmailPreferences.objects.select_for_update().select_related("candidate").get(pk=preferences.pk)


@transaction.atomic
def preferences_unsubscribe(*, preferences: EmailPreferences, topic: str = "",
                            now: dt.datetime | None = None) -> bool:
    """One-click unsubscribe: from `topic`, or from everything when it is empty. False if nothing changed."""
    now = now or timezone.now()
    current = _locked(preferences)
    if topic in Topic.values:
        if topic in current.unsubscribed_topics:
            return False
        current.unsubscribed_topics = [*current.unsubscribed_topics, topic]
        current.save(update_fields=["unsubscribed_topics", "updated_at"])
        _log(current, [f"unsubscribed from {Topic(topic).label.split(':')[0].lower()} (one click)"], now)
        candidate_unsubscribed.send(sender=EmailPreferences, candidate=current.candidate, topic=topic)
        return True
    if current.unsubscribed_at:
        return False
    current.unsubscribed_at = now
    current.save(update_fields=["unsubscribed_at", "updated_at"])
    _log(current, ["unsubscribed from all email (one click)"], now)
    candidate_unsubscribed.send(sender=EmailPreferences, candidate=current.candidate, topic="")
    return True


PAUSE_MONTHS = (3, 6, 12)


@transaction.atomic
def preferences_update(
    *, preferences: EmailPreferences, topics: list[str], frequency: str, pause: str,
    open_from: dt.date | None, unsubscribe_all: bool, now: dt.datetime | None = None,
) -> list[str]:
    """Apply what the candidate chose; returns the changes in words (empty when nothing changed).

    `pause` is "" (leave as is), "resume", or a number of months from PAUSE_MONTHS.
    """
    now = now or timezone.now()
    current = _locked(preferences)
    previous_topics = list(current.unsubscribed_topics)
    changes, fields = [], []
    unsubscribed = sorted(set(Topic.values) - set(topics))
    if sorted(current.unsubscribed_topics) != unsubscribed:
        added = [Topic(t).label.split(":")[0].lower() for t in Topic.values if t in topics]
        changes.append("topics now " + (", ".join(added) if added else "none"))
        current.unsubscribed_topics = unsubscribed
        fields.append("unsubscribed_topics")
    if frequency != current.frequency:
        changes.append(f"frequency {Frequency(frequency).label.lower()}")
        current.frequency = frequency
        fields.append("frequency")
    if pause == "resume" and current.is_paused(now):
        changes.append("resumed email")
        current.paused_until = None
        fields.append("paused_until")
    elif pause.isdigit() and int(pause) in PAUSE_MONTHS:
        current.paused_until = now + relativedelta(months=int(pause))
        changes.append(f"paused all email until {_day(timezone.localtime(current.paused_until))}")
        fields.append("paused_until")
    if open_from != current.open_to_opportunities_from:
        changes.append(f"open to opportunities from {_day(open_from)}" if open_from
                       else "no date for being open to opportunities")
        current.open_to_opportunities_from = open_from
        fields.append("open_to_opportunities_from")
    if unsubscribe_all != bool(current.unsubscribed_at):
        current.unsubscribed_at = now if unsubscribe_all else None
        changes.append("unsubscribed from all email" if unsubscribe_all else "subscribed to email again")
        fields.append("unsubscribed_at")
    if fields:
        current.save(update_fields=[*fields, "updated_at"])
        _log(current, changes, now)
    left = [topic for topic in unsubscribed if topic not in previous_topics]
    if "unsubscribed_at" in fields and current.unsubscribed_at:
        candidate_unsubscribed.send(sender=EmailPreferences, candidate=current.candidate, topic="")
    for topic in left:
        candidate_unsubscribed.send(sender=EmailPreferences, candidate=current.candidate, topic=topic)
    return changes


@transaction.atomic
def consent_record(*, preferences: EmailPreferences, lawful_basis: str, consent_source: str,
                   consent_given_at: dt.datetime | None) -> EmailPreferences:
    """The recruiter's record of why we may write to this candidate (GDPR)."""
    LawfulBasis(lawful_basis)  # a bad value is a bug in the caller, not something to store
    preferences.lawful_basis = lawful_basis
    preferences.consent_source = consent_source
    preferences.consent_given_at = consent_given_at
    preferences.save(update_fields=["lawful_basis", "consent_source", "consent_given_at", "updated_at"])
    return preferences
