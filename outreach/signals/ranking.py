"""Who to contact today: a recruiter's candidates ranked by why now, each with its reason in one line.

The pool is everyone with a live signal or an overdue check-in. The score adds, in this order
of weight: the best signal, the tier, a little for each further signal, days overdue and time
since the last touch; and subtracts contact pressure, so someone we wrote to three times this
month sinks rather than hearing from us a fourth time. Four queries, whatever the pool's size
(a fifth, rarely, when someone far down could still climb past the pressure).
"""
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count

from candidates.choices import INACTIVE_STAGES, Tier
from candidates.models import Candidate
from outreach.choices import Direction
from outreach.models import CheckInSchedule, TouchPoint

from .choices import SignalState
from .models import Signal

TIER_POINTS = {Tier.TOP: 30, Tier.WARM: 15, Tier.POOL: 5}
# Each further live signal, up to two of them.
EXTRA_SIGNAL_POINTS, EXTRA_SIGNALS_COUNTED = 5, 2
# One point per day overdue, for up to a month.
MAX_OVERDUE_POINTS = 30
# One point per week since the last touch, up to this many.
MAX_QUIET_POINTS = 15
# What each touch we made in the last 30 days takes off: three this month costs 36.
PRESSURE_POINTS = 12
PRESSURE_WINDOW = dt.timedelta(days=30)
# Rows on the home page; the digest shows the top five.
DEFAULT_LIMIT = 10


@dataclass
class ContactCandidate:
    candidate_id: int
    tier: int
    signals: list[tuple[int, int, str, str]] = field(default_factory=list)  # (score, signal id, kind, reason)
    next_due_at: dt.datetime | None = None
    last_touch_at: dt.datetime | None = None
    recent_touches: int = 0
    score: int = 0


@dataclass(frozen=True)
class ContactRow:
    candidate: Candidate
    score: int
    reason: str  # the one line that says why now
    signal_id: int | None  # the signal behind the reason: what "Dismiss" closes
    signal_kind: str
    more_reasons: int
    tier_label: str
    days_overdue: int
    days_quiet: int | None  # None: never touched
    recent_touches: int
    schedule_id: int | None


def _days(later: dt.datetime, earlier: dt.datetime | None) -> int | None:
    return None if earlier is None else max((later - earlier).days, 0)


# Pressure is read for this many times the list's length at first.
PRESSURE_READ_FACTOR = 4


def _pressure_read(entries: list[ContactCandidate], now: dt.datetime) -> None:
    if not entries:
        return
    by_id = {entry.candidate_id: entry for entry in entries}
    pressure = TouchPoint.objects.filter(
        candidate_id__in=list(by_id), direction=Direction.OUTBOUND, occurred_at__gt=now - PRESSURE_WINDOW
    ).values("candidate_id").annotate(n=Count("pk")).values_list("candidate_id", "n")
    for candidate_id, count in pressure:
        entry = by_id[candidate_id]
        entry.recent_touches = count
        entry.score -= PRESSURE_POINTS * count


def _with_pressure(orders: dict[int, list[ContactCandidate]], *, limit: int, now: dt.datetime
                   ) -> dict[int, list[ContactCandidate]]:
    """Each recruiter's best `limit` once pressure is counted, from their entries ordered by score without it."""
    def by_score(entries):
        return sorted(entries, key=lambda e: (-e.score, e.candidate_id))

    cut = limit * PRESSURE_READ_FACTOR
    heads = {owner: ordered[:cut] for owner, ordered in orders.items()}
    _pressure_read([entry for head in heads.values() for entry in head], now)
    heads = {owner: by_score(head) for owner, head in heads.items()}
    # Anyone whose score without pressure reaches the last one listed could still get in (rarely anyone).
    contenders = {owner: [entry for entry in orders[owner][cut:] if entry.score >= head[limit - 1].score]
                  for owner, head in heads.items() if len(head) >= limit and len(orders[owner]) > cut}
    _pressure_read([entry for more in contenders.values() for entry in more], now)
    return {owner: by_score(head + contenders.get(owner, []))[:limit] for owner, head in heads.items()}


def score_of(entry: ContactCandidate, now: dt.datetime) -> int:
    score = TIER_POINTS.get(entry.tier, 0)
    if entry.signals:
        best, *others = sorted(entry.signals, reverse=True)
        score += best[0] + EXTRA_SIGNAL_POINTS * min(len(others), EXTRA_SIGNALS_COUNTED)
    if entry.next_due_at and entry.next_due_at <= now:
        score += min(_days(now, entry.next_due_at), MAX_OVERDUE_POINTS)
    quiet = _days(now, entry.last_touch_at)
    score += MAX_QUIET_POINTS if quiet is None else min(quiet // 7, MAX_QUIET_POINTS)
    return score  # before contact pressure, which _pressure_read takes off


def overdue_reason(row: ContactCandidate, now: dt.datetime) -> str:
    late = _days(now, row.next_due_at) or 0
    overdue = "Check-in due today" if late == 0 else f"Check-in {late} day{'s' if late != 1 else ''} overdue"
    quiet = _days(now, row.last_touch_at)
    if quiet is None:
        return f"{overdue}; never touched yet."
    if quiet >= 60:
        return f"{overdue}; last touch {quiet // 30} months ago."
    return f"{overdue}; last touch {quiet} day{'s' if quiet != 1 else ''} ago."


def contact_today(*, user, now: dt.datetime, limit: int = DEFAULT_LIMIT) -> list[ContactRow]:
    """The recruiter's candidates to contact today, best first, at most `limit`."""
    return contact_today_for(users=[user], now=now, limit=limit)[user.pk]


def contact_today_for(*, users, now: dt.datetime, limit: int = DEFAULT_LIMIT,
                      with_overdue: bool = True) -> dict[int, list[ContactRow]]:
    """Who to contact today for several recruiters at once (the morning digests), in the same few queries.

    `with_overdue=False` leaves out those with nothing but an overdue check-in (the digest
    lists those already, under its own heading).
    """
    owner_ids = [user.pk for user in users]
    pools: dict[int, dict[int, ContactCandidate]] = {pk: {} for pk in owner_ids}
    # 1. Live signals on their candidates, with each candidate's schedule (a join, one query).
    signals = Signal.objects.filter(
        state=SignalState.LIVE, owner__in=owner_ids, candidate__owner__in=owner_ids, candidate__do_not_contact=False
    ).exclude(candidate__stage__in=INACTIVE_STAGES).values_list(
        "pk", "candidate_id", "candidate__owner_id", "score", "kind", "reason", "candidate__tier",
        "candidate__schedule__next_due_at", "candidate__schedule__last_touch_at",
        "candidate__schedule__snoozed_until", "candidate__schedule__paused",
    )
    snoozed = set()
    for pk, candidate_id, owner_id, score, kind, reason, tier, due, last, snoozed_until, paused in signals:
        if snoozed_until and snoozed_until > now:
            snoozed.add(candidate_id)
            continue
        pool = pools[owner_id]
        entry = pool.get(candidate_id)
        if entry is None:
            entry = pool[candidate_id] = ContactCandidate(
                candidate_id, tier, next_due_at=None if paused else due, last_touch_at=last
            )
        entry.signals.append((score, pk, kind, reason))
    # 2. Overdue check-ins (the schedule's copy of owner and tier: one index range per recruiter).
    if with_overdue:
        overdue = CheckInSchedule.objects.filter(owner__in=owner_ids).due_by(now).values_list(
            "owner_id", "candidate_id", "tier", "next_due_at", "last_touch_at"
        )
        for owner_id, candidate_id, tier, due, last in overdue:
            pool = pools[owner_id]
            if candidate_id not in pool and candidate_id not in snoozed:
                pool[candidate_id] = ContactCandidate(candidate_id, tier, next_due_at=due, last_touch_at=last)
    everyone = {candidate_id: entry for pool in pools.values() for candidate_id, entry in pool.items()}
    if not everyone:
        return {pk: [] for pk in owner_ids}
    # 3. Contact pressure: the touches we made in the last 30 days. It only ever lowers a score,
    # so it is read for the few who could make the list: the best few times the list by the score
    # without it, then anyone else it cannot rule out (rarely anyone).
    for entry in everyone.values():
        entry.score = score_of(entry, now)
    orders = {owner_id: sorted(pool.values(), key=lambda e: (-e.score, e.candidate_id))
              for owner_id, pool in pools.items()}
    ranked = _with_pressure(orders, limit=limit, now=now)
    # 4. The rows shown, with what the row template prints.
    shown = [entry.candidate_id for entries in ranked.values() for entry in entries]
    people = Candidate.objects.select_related("schedule").in_bulk(shown)
    tier_labels = dict(Tier.choices)
    result = {}
    for owner_id, entries in ranked.items():
        result[owner_id] = [row for entry in entries if (row := _row(entry, people, tier_labels, now))]
    return result


def _row(entry: ContactCandidate, people: dict, tier_labels: dict, now: dt.datetime) -> ContactRow | None:
    candidate = people.get(entry.candidate_id)
    if candidate is None:
        return None
    best = max(entry.signals) if entry.signals else None
    schedule = getattr(candidate, "schedule", None)
    due = entry.next_due_at
    return ContactRow(
        candidate=candidate,
        score=entry.score,
        reason=best[3] if best else overdue_reason(entry, now),
        signal_id=best[1] if best else None,
        signal_kind=best[2] if best else "",
        more_reasons=max(len(entry.signals) - 1, 0),
        tier_label=f"{tier_labels.get(entry.tier, '')} tier",
        days_overdue=_days(now, due) if due and due <= now else 0,
        days_quiet=_days(now, entry.last_touch_at),
        recent_touches=entry.recent_touches,
        schedule_id=schedule.pk if schedule else None,
    )
