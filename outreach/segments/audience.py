"""Who a segment reaches for one kind of email right now, and who it leaves out and why: all in SQL."""
import dataclasses
import datetime as dt

from django.db.models import Count, QuerySet
from django.utils import timezone

from outreach.mail.audience import annotate_mail_block, block_labels
from outreach.mail.choices import DEFAULT_TOPIC, MailKind

# What a segment can be looked at "as": the kind of email, with the topic mail gives that kind.
PURPOSES = {
    key: (label, kind, DEFAULT_TOPIC[kind]) for key, label, kind in [
        ("newsletter", "A newsletter", MailKind.NEWSLETTER),
        ("event", "An event invitation", MailKind.EVENT),
        ("sequence", "A sequence (job openings)", MailKind.SEQUENCE),
    ]
}


@dataclasses.dataclass
class Audience:
    annotated: QuerySet  # the matching candidates, each with `mail_block` ("" = may be written to)
    matched: int
    excluded: list[tuple[str, int]]  # (reason in words, how many), largest first

    @property
    def eligible(self) -> QuerySet:
        """Those who may be written to now: a plain SQL query, usable in INSERT ... SELECT or as a subquery."""
        return self.annotated.filter(mail_block="")

    @property
    def eligible_count(self) -> int:
        return self.matched - sum(n for _, n in self.excluded)

    @property
    def excluded_count(self) -> int:
        return sum(n for _, n in self.excluded)

    def sample(self, n: int = 25) -> list:
        """The first `n` matching candidates by name, excluded ones included, each with its `mail_block`
        and `mail_block_label` (the reason in words)."""
        labels = block_labels()
        rows = list(self.annotated.select_related("owner").order_by("full_name", "id")[:n])
        for candidate in rows:
            candidate.mail_block_label = labels.get(candidate.mail_block, "")
        return rows

    @property
    def summary(self) -> str:
        """'1,204 match; 37 unsubscribed from all email, 5 address bounced, 20 over the contact cap'."""
        head = f"{self.matched:,} match"
        if not self.excluded:
            return head
        return head + "; " + ", ".join(f"{n:,} {label[:1].lower()}{label[1:]}" for label, n in self.excluded)


def audience_for(candidates: QuerySet, *, kind: str, topic: str, now: dt.datetime | None = None) -> Audience:
    """The audience of any candidate query (a segment's, or the segment form's unsaved filters)."""
    now = now or timezone.now()
    annotated = annotate_mail_block(candidates, kind=kind, topic=topic, now=now)
    counts = dict(annotated.order_by().values_list("mail_block").annotate(n=Count("pk")).values_list("mail_block", "n"))
    labels = block_labels()
    excluded = sorted(((labels.get(block, block), n) for block, n in counts.items() if block),
                      key=lambda pair: (-pair[1], pair[0]))
    return Audience(annotated=annotated, matched=sum(counts.values()), excluded=excluded)


def segment_audience(*, segment, kind: str, topic: str, now: dt.datetime | None = None) -> Audience:
    now = now or timezone.now()
    return audience_for(segment.matching(now=now), kind=kind, topic=topic, now=now)
