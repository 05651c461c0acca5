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

from django.db.models import Case, CharField, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Lower

from candidates.choices import Stage

from .choices import BULK_KINDS, FREQUENCY_DAYS, OUTGOING, MailStatus, SuppressionReason, Topic
from .models import MailSettings, OutboundEmail, Suppression

OVER_CAP = "over_cap"
OVER_CAP_LABEL = "Over the contact cap"


def block_labels() -> dict[str, str]:
    """Every value `mail_block` can take (but ""), with the words the pages use."""
    return {**dict(SuppressionReason.choices), OVER_CAP: OVER_CAP_LABEL}


def _recent_bulk(days: int, now: dt.datetime) -> Exists:
    return Exists(OutboundEmail.objects.filter(
        candidate=OuterRef("pk"), kind__in=BULK_KINDS, status__in=[MailStatus.SENDING, MailStatus.SENT],
        created_at__gte=now - dt.timedelta(days=days),
    ))


def _outgoing_count(since: dt.datetime) -> Subquery:
    counted = (
        OutboundEmail.objects.filter(candidate=OuterRef("pk"), status__in=OUTGOING, created_at__gte=since)
        .order_by().values("candidate").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def annotate_mail_block(queryset: QuerySet, *, kind: str, topic: str, now: dt.datetime) -> QuerySet:
    """`queryset` (of candidates) with `mail_block` for a message of `kind` and `topic` sent at `now`."""
    prefs = "email_preferences__"
    address = Suppression.objects.filter(email=Lower(OuterRef("email"))).values("reason")[:1]
    rules = [
        When(do_not_contact=True, then=Value(SuppressionReason.DO_NOT_CONTACT)),
        When(stage=Stage.DO_NOT_CONTACT, then=Value(SuppressionReason.STAGE_DO_NOT_CONTACT)),
        When(Q(_address_block__isnull=False), then="_address_block"),
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
            When(Q(**{f"{prefs}frequency": frequency}) & _recent_bulk(days, now),
                 then=Value(SuppressionReason.FREQUENCY))
            for frequency, days in FREQUENCY_DAYS.items() if days
        ]
    limits = MailSettings.current()
    since = now - dt.timedelta(days=limits.contact_window_days)
    rules.append(When(_recent_outgoing__gte=limits.contact_cap, then=Value(OVER_CAP)))
    return queryset.annotate(
        _address_block=Subquery(address, output_field=CharField()),
        _recent_outgoing=_outgoing_count(since),
    ).annotate(mail_block=Case(*rules, default=Value(""), output_field=CharField()))
