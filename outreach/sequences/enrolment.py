"""Enrolling candidates in a sequence, from a segment, a selection on the candidate list or the candidate page.

Who may not be enrolled is worked out in one SQL query for the whole group, with the
reason shown beside each name: no email address, anything that keeps a sequence email back
right now (do-not-contact, unsubscribed, bounced, over the contact cap ...: mail's own rules,
outreach/mail/audience.py), already in an active sequence, been through this one, or owned
by another recruiter (unless the enroller may enrol anyone's candidates and asked to).
The one-active-sequence rule is also a unique index, so two recruiters at once cannot both win.
"""
import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from candidates.models import Candidate
from outreach.mail.audience import annotate_mail_block, block_labels
from outreach.mail.choices import DEFAULT_TOPIC, MailKind

from .choices import Refusal
from .models import Enrolment, Sequence
from .window import next_send_time

# One enrolment action handles at most this many candidates; a larger segment is a mistake.
ENROL_LIMIT = 5000


@dataclasses.dataclass
class EnrolResult:
    enrolled: list[Candidate] = dataclasses.field(default_factory=list)
    refused: list[tuple[Candidate, str]] = dataclasses.field(default_factory=list)  # (candidate, reason in words)
    too_many: bool = False

    @property
    def refused_counts(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for _, reason in self.refused:
            counts[reason] = counts.get(reason, 0) + 1
        return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def recruiter_zone(user) -> ZoneInfo:
    profile = getattr(user, "profile", None)
    return ZoneInfo(str(profile.timezone)) if profile and profile.timezone else ZoneInfo("UTC")


def may_enrol_others(user) -> bool:
    return user.has_perm("sequences.enrol_any_candidate")


def refusals(*, sequence: Sequence, candidates: QuerySet, by, include_others: bool, now: dt.datetime,
             limit: int = ENROL_LIMIT) -> tuple[list[Candidate], list[tuple[Candidate, str]], bool]:
    """(who may be enrolled, who may not and why, whether the group was cut at `limit`), in one query."""
    annotated = annotate_mail_block(candidates, kind=MailKind.SEQUENCE, topic=DEFAULT_TOPIC[MailKind.SEQUENCE],
                                    now=now).annotate(
        in_active=Exists(Enrolment.objects.active().filter(candidate=OuterRef("pk"))),
        been_in=Exists(Enrolment.objects.filter(sequence=sequence, candidate=OuterRef("pk"))),
    )
    rows = list(annotated.order_by("full_name", "id")[:limit + 1])
    cut = len(rows) > limit
    labels = block_labels()
    others_allowed = include_others and may_enrol_others(by)
    eligible, refused = [], []
    for candidate in rows[:limit]:
        if not (candidate.email or "").strip():
            reason = Refusal.NO_EMAIL.label
        elif candidate.mail_block:
            reason = labels.get(candidate.mail_block, candidate.mail_block)
        elif candidate.in_active:
            reason = Refusal.ACTIVE.label
        elif candidate.been_in:
            reason = Refusal.BEEN_IN.label
        elif candidate.owner_id != by.pk and not others_allowed:
            reason = Refusal.OTHER_OWNER.label
        else:
            eligible.append(candidate)
            continue
        refused.append((candidate, str(reason)))
    return eligible, refused, cut


@transaction.atomic
def enrolments_create(*, sequence: Sequence, candidates: QuerySet, by, include_others: bool = False,
                      candidate_timezone: ZoneInfo | None = None, now: dt.datetime | None = None) -> EnrolResult:
    """Enrol whoever may be; the first step is due at the send window's next opening."""
    now = now or timezone.now()
    eligible, refused, cut = refusals(sequence=sequence, candidates=candidates, by=by,
                                      include_others=include_others, now=now)
    zone = candidate_timezone or recruiter_zone(by)
    first_at = next_send_time(now, zone=zone, start_hour=sequence.window_start_hour,
                              end_hour=sequence.window_end_hour)
    rows = [Enrolment(sequence=sequence, candidate=candidate, enrolled_by=by, candidate_timezone=candidate_timezone,
                      next_step_at=first_at, created_at=now) for candidate in eligible]
    # A candidate enrolled elsewhere a moment ago loses here (the unique indexes), not with an error.
    Enrolment.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    created = set(Enrolment.objects.filter(sequence=sequence, created_at=now, enrolled_by=by,
                                           candidate_id__in=[c.pk for c in eligible])
                  .values_list("candidate_id", flat=True))
    result = EnrolResult(refused=refused, too_many=cut)
    for candidate in eligible:
        if candidate.pk in created:
            result.enrolled.append(candidate)
        else:
            result.refused.append((candidate, str(Refusal.ACTIVE.label)))
    return result
