"""Who may be written to, worked out in SQL for a whole audience at once.

`annotate_mail_block` is the set-based twin of suppression.suppression_reason plus the contact
cap: each candidate gets `mail_block`, the SuppressionReason that keeps a message of this kind
and topic back right now, "over_cap" when the team's cap is reached, or "" when they may be
written to. Segments count their exclusions with it and newsletters materialise recipients
from it (INSERT ... SELECT); the send still checks each message again at send time.
The rules, in the order suppression_reason applies them, are pinned to it by
outreach/mail/tests/test_audience.py, so the two cannot drift apart.
"""
import datetime as dt

from django.db.models import Case, CharField, Count, Q, QuerySet, Value, When
from django.db.models.functions import Lower

from candidates.choices import Stage

from .choices import BULK_KINDS, FREQUENCY_DAYS, MailStatus, SuppressionReason, Topic
from .models import MailSettings, OutboundEmail, Suppression

OVER_CAP = "over_cap"
OVER_CAP_LABEL = "Over the contact cap"


def block_labels() -> dict[str, str]:
    """Every value `mail_block` can take (but ""), with the words the pages use."""
    return {**dict(SuppressionReason.choices), OVER_CAP: OVER_CAP_LABEL}


# Every subquery below is uncorrelated: PostgreSQL runs each once and probes a hash of its
# result per candidate, so a million candidates cost one scan each, not a million look-ups.

def _bulk_within(days: int, now: dt.datetime):
    """Candidates sent a bulk email in the last `days` days."""
    return (OutboundEmail.objects.bulk().since(now - dt.timedelta(days=days))
            .filter(status__in=[MailStatus.SENDING, MailStatus.SENT]).values("candidate_id"))


def _at_cap(*, since: dt.datetime, cap: int):
    """Candidates with `cap` or more outgoing emails since `since` (queued ones count)."""
    return (
        OutboundEmail.objects.outgoing().since(since)
        .order_by().values("candidate_id").annotate(n=Count("pk")).filter(n__gte=cap).values("candidate_id")
    )


def annotate_mail_block(queryset: QuerySet, *, kind: str, topic: str, now: dt.datetime) -> QuerySet:
    """`queryset` (of candidates) with `mail_block` for a message of `kind` and `topic` sent at `now`."""
    prefs = "email_preferences__"
    rules = [
        When(do_not_contact=True, then=Value(SuppressionReason.DO_NOT_CONTACT)),
        When(stage=Stage.DO_NOT_CONTACT, then=Value(SuppressionReason.STAGE_DO_NOT_CONTACT)),
    ]
    # The address's own suppression (one row per address, stored lower-case), reason by reason.
    rules += [
        When(_email_lower__in=Suppression.objects.filter(reason=reason).values("email"), then=Value(reason))
        for reason in SuppressionReason.values
    ]
    rules += [
        When(**{f"{prefs}unsubscribed_at__isnull": False}, then=Value(SuppressionReason.UNSUBSCRIBED_ALL)),
        When(**{f"{prefs}paused_until__gt": now}, then=Value(SuppressionReason.PAUSED)),
    ]
    if kind in BULK_KINDS:
        # Topics are stored as a JSON list of plain words: '"events"' matches one whole entry.
        rules.append(When(**{f"{prefs}unsubscribed_topics__icontains": f'"{topic}"'},
                          then=Value(SuppressionReason.UNSUBSCRIBED_TOPIC)))
        if topic == Topic.JOBS:
            rules.append(When(**{f"{prefs}open_to_opportunities_from__gt": now.date()},
                              then=Value(SuppressionReason.NOT_OPEN_YET)))
        rules += [
            When(Q(**{f"{prefs}frequency": frequency}, pk__in=_bulk_within(days, now)),
                 then=Value(SuppressionReason.FREQUENCY))
            for frequency, days in FREQUENCY_DAYS.items() if days
        ]
    limits = MailSettings.current()
    since = now - dt.timedelta(days=limits.contact_window_days)
    rules.append(When(pk__in=_at_cap(since=since, cap=limits.contact_cap), then=Value(OVER_CAP)))
    return queryset.annotate(_email_lower=Lower("email")).annotate(
        mail_block=Case(*rules, default=Value(""), output_field=CharField())
    )
