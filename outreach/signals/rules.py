"""The signal rules: each finds who has a reason to hear from us now, and says why in one line.

A rule yields FoundSignal rows (outreach.signal_sources); the job (job.py) stores them. The
rules an open role resolves are worked out together (opening_rules.py); on an incremental
pass they look at the candidates that changed, and at everyone only for a role that changed.
The rules about dates and recent news (EVERYONE below) are cheap index ranges and look at
everyone each time.
"""
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from candidates.choices import GotAwayReason, Stage, Tier
from candidates.models import Candidate, CareerUpdate
from outreach.choices import Direction
from outreach.models import TouchPoint
from outreach.openings.choices import OpeningStatus
from outreach.openings.models import Opening
from outreach.signal_sources import Activity, FoundSignal, SignalScope, warming_sources

from .choices import SignalKind
from .opening_rules import opening_signals
from .scores import (
    ANNIVERSARY_MONTHS,
    CAREER_NEWS_FOR,
    COMPANY_MAGNET_MOVES,
    COMPANY_MAGNET_WINDOW,
    SCORES,
    SILVER_PER_OPENING,
    WARMING_FOR,
)
from .words import day_label, first_name, month_label

# Only people we are still winning back: not those interviewing again, rehired, or who said no.
REAPPROACHABLE_STAGES = [Stage.GOT_AWAY, Stage.NURTURING, Stage.RE_ENGAGED]
CAREER_MOMENT_TIERS = [Tier.TOP, Tier.WARM]
CHUNK = 2000


def reapproachable() -> QuerySet:
    """Candidates a signal may be about: in a winning-back stage, never do-not-contact (nor erased)."""
    return Candidate.objects.filter(stage__in=REAPPROACHABLE_STAGES, do_not_contact=False)


# --- Openings -------------------------------------------------------------------------------

def open_openings() -> list[Opening]:
    return list(Opening.objects.filter(status=OpeningStatus.OPEN).order_by("pk"))


def opening_rules(*, scope: SignalScope, kinds: set[str] | None = None) -> Iterator[FoundSignal]:
    """Reasons an open role resolves (opening_rules.py): changed candidates against every open role,
    and everyone against the roles that changed; everyone against everything on a full pass."""
    openings = open_openings()
    if scope.full:
        yield from opening_signals(scope=scope, people=reapproachable(), openings=openings, kinds=kinds)
        return
    if scope.changed_candidate_ids:
        yield from opening_signals(scope=scope, people=scope.restrict(reapproachable()), openings=openings,
                                   kinds=kinds)
    changed = [opening for opening in openings if opening.updated_at > scope.since]
    if changed:
        yield from opening_signals(scope=scope, people=reapproachable(), openings=changed, kinds=kinds)


def band_covers_ask(*, scope: SignalScope) -> Iterator[FoundSignal]:
    """Compensation gap, and an open role whose band now reaches what they asked."""
    return opening_rules(scope=scope, kinds={SignalKind.BAND_COVERS_ASK})


def budget_for_their_role(*, scope: SignalScope) -> Iterator[FoundSignal]:
    """No budget at the time, and a new opening for the role they interviewed for."""
    return opening_rules(scope=scope, kinds={SignalKind.BUDGET_FOR_THEIR_ROLE})


def opening_near_them(*, scope: SignalScope) -> Iterator[FoundSignal]:
    """Relocation was the blocker, and a similar opening is where they live, or remote."""
    return opening_rules(scope=scope, kinds={SignalKind.OPENING_NEAR_THEM})


def a_year_on(*, scope: SignalScope) -> Iterator[FoundSignal]:
    """Declined our offer, or we moved too slowly, a year or more ago, and a similar opening now (for a month)."""
    return opening_rules(scope=scope, kinds={SignalKind.A_YEAR_ON})


# --- Dates they gave us ---------------------------------------------------------------------

def follow_up_due(*, scope: SignalScope) -> Iterator[FoundSignal]:
    """The follow-up date a recruiter set has come (timing / not ready, or any other reason)."""
    people = reapproachable().filter(follow_up_on__lte=scope.today)
    if not scope.full:
        # Changed candidates, and those whose date came since the last pass.
        people = scope.restrict(people, also=Q(follow_up_on__gte=scope.since.date()))
    rows = people.values_list("pk", "full_name", "follow_up_on", "got_away_reason")
    for pk, name, day, reason in rows.iterator(chunk_size=CHUNK):
        why = " (they weren't ready then)" if reason == GotAwayReason.TIMING else ""
        yield FoundSignal(
            pk, SignalKind.FOLLOW_UP_DUE, f"follow_up:{day.isoformat()}", SCORES[SignalKind.FOLLOW_UP_DUE],
            f"Follow up on {day_label(day)} with {first_name(name)}, as planned{why}.",
        )


# --- Career moments -------------------------------------------------------------------------

def _months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    # The 31st falls back to the month's last day.
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError(day)


def latest_moves() -> QuerySet:
    """Each nurtured (top or warm tier) candidate's latest career update: the company they joined and when.

    Career moments are for the people we court closely; the pool tier hears from us at its cadence.
    """
    later = CareerUpdate.objects.filter(candidate=OuterRef("candidate"), started_on__gt=OuterRef("started_on"))
    return CareerUpdate.objects.filter(
        candidate__in=reapproachable().filter(tier__in=CAREER_MOMENT_TIERS), started_on__isnull=False
    ).exclude(Exists(later))


def work_anniversary(*, scope: SignalScope) -> Iterator[FoundSignal]:
    """12, 18 or 24 months at the company they joined (within the last month): cliffs and vesting."""
    for months in ANNIVERSARY_MONTHS:
        newest_start = _months_before(scope.today, months)
        oldest_start = _months_before(scope.today - CAREER_NEWS_FOR, months)
        moves = latest_moves().filter(started_on__gt=oldest_start, started_on__lte=newest_start)
        if not scope.full:
            # Changed candidates, and the anniversaries that came since the last pass.
            moves = scope.restrict(moves, field="candidate_id",
                                   also=Q(started_on__gte=_months_before(scope.since.date(), months)))
        rows = moves.values_list("pk", "candidate_id", "candidate__full_name", "company", "started_on")
        for pk, candidate_id, name, company, started in rows.iterator(chunk_size=CHUNK):
            anniversary = scope.today + (started - newest_start)
            yield FoundSignal(
                candidate_id, SignalKind.WORK_ANNIVERSARY, f"anniversary:{pk}:{months}",
                SCORES[SignalKind.WORK_ANNIVERSARY],
                f"{first_name(name)} has been at {company} {months} months (since {month_label(started)}): "
                f"cliffs and vesting make people look around.",
                expires_at=_day_end(anniversary + CAREER_NEWS_FOR, scope),
            )


def new_title(*, scope: SignalScope) -> Iterator[FoundSignal]:
    """A career update recorded in the last month: a new title, here or at a new company."""
    recent = CareerUpdate.objects.filter(candidate__in=reapproachable().filter(tier__in=CAREER_MOMENT_TIERS),
                                         recorded_at__gt=scope.now - CAREER_NEWS_FOR)
    if not scope.full:
        recent = scope.restrict(recent, field="candidate_id", also=Q(recorded_at__gt=scope.since))
    rows = recent.values_list("pk", "candidate_id", "candidate__full_name", "title", "company", "recorded_at")
    for pk, candidate_id, name, title, company, recorded in rows.iterator(chunk_size=CHUNK):
        yield FoundSignal(
            candidate_id, SignalKind.NEW_TITLE, f"career:{pk}", SCORES[SignalKind.NEW_TITLE],
            f"{first_name(name)} is now {title} at {company}: say congrats.",
            expires_at=recorded + CAREER_NEWS_FOR,
        )


def company_magnet(*, scope: SignalScope) -> Iterator[FoundSignal]:
    """Several got-aways moved to the same company lately: ask one of them what draws people there."""
    moves = latest_moves().filter(employer__isnull=False, started_on__gt=scope.today - COMPANY_MAGNET_WINDOW)
    busy = (moves.values("employer").annotate(people=Count("candidate", distinct=True))
            .filter(people__gte=COMPANY_MAGNET_MOVES).values_list("employer", "people"))
    counts = dict(busy)
    if not counts:
        return
    rows = moves.filter(employer__in=list(counts)).values_list(
        "candidate_id", "candidate__full_name", "employer_id", "employer__name")
    for candidate_id, name, employer_id, company in rows.iterator(chunk_size=CHUNK):
        yield FoundSignal(
            candidate_id, SignalKind.COMPANY_MAGNET, f"company:{employer_id}", SCORES[SignalKind.COMPANY_MAGNET],
            f"{counts[employer_id]} of our got-aways now work at {company}; {first_name(name)} is one: "
            f"ask what draws people there.",
        )


# --- Warming up -----------------------------------------------------------------------------

INBOUND_WORDS = {
    "email": "replied to an email",
    "event": "answered an event invitation",
    "other": "changed their email preferences",
    "phone_call": "called you",
    "meeting": "met you",
    "social": "reached out on social media",
}


def _inbound_activity(*, after: dt.datetime, candidate_ids=None):
    touches = TouchPoint.objects.filter(direction=Direction.INBOUND, occurred_at__gt=after)
    if candidate_ids is not None:
        touches = touches.filter(candidate_id__in=sorted(candidate_ids))
    for candidate_id, occurred_at, kind in touches.values_list("candidate_id", "occurred_at", "kind").iterator(
            chunk_size=CHUNK):
        yield Activity(candidate_id, occurred_at, INBOUND_WORDS.get(kind, "got in touch"))


def warming_up(*, scope: SignalScope) -> Iterator[FoundSignal]:
    """Replied, answered an RSVP, changed preferences or clicked a newsletter link in the last 14 days."""
    after = scope.now - WARMING_FOR
    sources = [_inbound_activity, *warming_sources().values()]
    candidate_ids = None
    if not scope.full:
        # Who did something since the last pass (or changed): their fortnight is read again.
        candidate_ids = set(scope.changed_candidate_ids)
        for source in sources:
            candidate_ids.update(activity.candidate_id for activity in source(after=max(after, scope.since)))
        if not candidate_ids:
            return
    latest: dict[int, object] = {}
    counts: dict[int, int] = defaultdict(int)
    for source in sources:
        for activity in source(after=after, candidate_ids=candidate_ids):
            counts[activity.candidate_id] += 1
            best = latest.get(activity.candidate_id)
            if best is None or activity.happened_at > best.happened_at:
                latest[activity.candidate_id] = activity
    if not latest:
        return
    people = dict(reapproachable().filter(pk__in=sorted(latest)).values_list("pk", "full_name"))
    for candidate_id, activity in latest.items():
        if candidate_id not in people:
            continue
        days = (scope.now - activity.happened_at).days
        when = "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"
        more = counts[candidate_id] - 1
        also = f" (and {more} more thing{'s' if more > 1 else ''} this fortnight)" if more else ""
        yield FoundSignal(
            candidate_id, SignalKind.WARMING_UP, f"warming:{activity.happened_at.date().isoformat()}",
            SCORES[SignalKind.WARMING_UP],
            f"{first_name(people[candidate_id])} {activity.words} {when}{also}: they're warming up.",
            expires_at=activity.happened_at + WARMING_FOR,
        )


def _day_end(day: dt.date, scope: SignalScope) -> dt.datetime:
    return scope.now + (day - scope.today)


# --- Silver medallists ----------------------------------------------------------------------

def silver_medallists(*, scope: SignalScope) -> Iterator[FoundSignal]:
    """The best runners-up for each open opening (the opening's page ranks them all)."""
    from outreach.openings.silver import silver_medallist_signals

    for opening in open_openings():
        if not scope.full and opening.updated_at <= scope.since:
            continue
        yield from silver_medallist_signals(opening=opening, kind=SignalKind.SILVER_MEDALLIST,
                                            score=SCORES[SignalKind.SILVER_MEDALLIST], limit=SILVER_PER_OPENING,
                                            stages=REAPPROACHABLE_STAGES)


# How an incremental pass decides which live signals no longer hold (those it looked for and did
# not find again); a full pass re-checks everyone. News that gets old is also dropped at its expiry.
EVERYONE = "everyone"  # cheap rules, run for everyone on every pass
CHANGED = "changed"  # changed candidates (and, for opening rules, changed openings and closed ones)
OPENINGS = "openings"  # silver medallists: changed openings only
DAILY = "daily"  # an aggregate over the pool: full passes only

# name -> (rule, the kinds it yields, what an incremental pass re-checks). Run in this order.
RULES = {
    "openings": (opening_rules, [SignalKind.BAND_COVERS_ASK, SignalKind.BUDGET_FOR_THEIR_ROLE,
                                 SignalKind.OPENING_NEAR_THEM, SignalKind.A_YEAR_ON], CHANGED),
    "follow_up_due": (follow_up_due, [SignalKind.FOLLOW_UP_DUE], CHANGED),
    "work_anniversary": (work_anniversary, [SignalKind.WORK_ANNIVERSARY], CHANGED),
    "new_title": (new_title, [SignalKind.NEW_TITLE], CHANGED),
    "company_magnet": (company_magnet, [SignalKind.COMPANY_MAGNET], DAILY),
    "warming_up": (warming_up, [SignalKind.WARMING_UP], CHANGED),
    "silver_medallists": (silver_medallists, [SignalKind.SILVER_MEDALLIST], OPENINGS),
}
