"""The signal rules: each finds who has a reason to hear from us now, and says why in one line.

A rule yields FoundSignal rows (outreach.signal_sources); the job (job.py) stores them. Rules
about an opening run once per open opening. On an incremental pass they look only at the
candidates that changed, unless the opening itself changed; the rules about dates and recent
news (`ALWAYS_FULL`) are cheap index ranges and look at everyone each time.
"""
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils.formats import date_format

from candidates.choices import GotAwayReason, Stage, money_label
from candidates.models import Candidate, CareerUpdate, Interview
from outreach.choices import Direction
from outreach.models import TouchPoint
from outreach.openings.choices import OpeningStatus
from outreach.openings.models import Opening
from outreach.signal_sources import FoundSignal, SignalScope, warming_sources

from .choices import SignalKind
from .scores import (
    A_YEAR,
    ANNIVERSARY_MONTHS,
    CAREER_NEWS_FOR,
    COMPANY_MAGNET_MOVES,
    COMPANY_MAGNET_WINDOW,
    SCORES,
    WARMING_FOR,
)

# Only people we are still winning back: not those interviewing again, rehired, or who said no.
REAPPROACHABLE_STAGES = [Stage.GOT_AWAY, Stage.NURTURING, Stage.RE_ENGAGED]
CHUNK = 2000


def reapproachable() -> QuerySet:
    """Candidates a signal may be about: in a winning-back stage, never do-not-contact (nor erased)."""
    return Candidate.objects.filter(stage__in=REAPPROACHABLE_STAGES, do_not_contact=False)


def first_name(full_name: str) -> str:
    return full_name.split()[0] if full_name.split() else full_name


def month_label(day: dt.date) -> str:
    return date_format(day, "M Y")


def day_label(day: dt.date) -> str:
    return date_format(day, "j M")


def opening_where(opening: Opening) -> str:
    return opening.where_label.lower() if opening.where_label == "Remote" else opening.where_label


# --- Openings -------------------------------------------------------------------------------

def open_openings() -> list[Opening]:
    return list(Opening.objects.filter(status=OpeningStatus.OPEN).order_by("pk"))


def interviewed_for(opening: Opening) -> Exists:
    return Exists(Interview.objects.filter(candidate=OuterRef("pk"), role_title__iexact=opening.title))


def shared_skills(opening: Opening):
    """How many of the opening's skills the candidate lists, without regard to case."""
    tags = [tag for tag in opening.skills if tag][:20]
    if not tags:
        return Value(0, output_field=IntegerField())
    total = None
    for tag in tags:
        term = Case(When(skills__icontains=f'"{tag}"', then=Value(1)), default=Value(0),
                    output_field=IntegerField())
        total = term if total is None else total + term
    return total


def similar_to(queryset: QuerySet, opening: Opening) -> QuerySet:
    """Those who interviewed for this title, or list at least two of its skills (all, if it names one)."""
    needed = min(2, len(opening.skills)) or 99
    return queryset.annotate(shared=shared_skills(opening), for_title=interviewed_for(opening)).filter(
        Q(for_title=True) | Q(shared__gte=needed)
    )


def in_scope(queryset: QuerySet, *, scope: SignalScope, opening: Opening) -> QuerySet:
    """Everyone when the opening is new or changed since the last pass; else only changed candidates."""
    if scope.full or opening.updated_at > scope.since:
        return queryset
    return scope.restrict(queryset)


def band_covers_ask(*, scope: SignalScope) -> Iterator[FoundSignal]:
    """Compensation gap, and an open role whose band now reaches what they asked."""
    for opening in open_openings():
        people = reapproachable().filter(
            got_away_reason=GotAwayReason.COMPENSATION_GAP, expected_pay_currency=opening.pay_currency,
            expected_pay__lte=opening.pay_max,
        )
        people = similar_to(in_scope(people, scope=scope, opening=opening), opening)
        band = money_label(opening.pay_currency, opening.pay_max)
        for pk, name, ask in people.values_list("pk", "full_name", "expected_pay").iterator(chunk_size=CHUNK):
            yield FoundSignal(
                pk, SignalKind.BAND_COVERS_ASK, f"opening:{opening.pk}", SCORES[SignalKind.BAND_COVERS_ASK],
                f"The {opening.title} band now reaches {band}; {first_name(name)} asked "
                f"{money_label(opening.pay_currency, ask)}.", opening.pk,
            )


def budget_for_their_role(*, scope: SignalScope) -> Iterator[FoundSignal]:
    """No budget at the time, and a new opening for the role they interviewed for."""
    for opening in open_openings():
        people = reapproachable().filter(got_away_reason=GotAwayReason.NO_BUDGET).filter(
            Q(got_away_on__isnull=True) | Q(got_away_on__lt=opening.opened_at.date())
        )
        people = in_scope(people, scope=scope, opening=opening).filter(interviewed_for(opening))
        team = f" ({opening.team})" if opening.team else ""
        for pk, name, got_away in people.values_list("pk", "full_name", "got_away_on").iterator(chunk_size=CHUNK):
            then = f" in {month_label(got_away)}" if got_away else ""
            yield FoundSignal(
                pk, SignalKind.BUDGET_FOR_THEIR_ROLE, f"opening:{opening.pk}",
                SCORES[SignalKind.BUDGET_FOR_THEIR_ROLE],
                f"{first_name(name)} interviewed for {opening.title}{team} when there was no budget{then}; "
                f"it opened on {day_label(opening.opened_at.date())}.", opening.pk,
            )


def opening_near_them(*, scope: SignalScope) -> Iterator[FoundSignal]:
    """Relocation was the blocker, and a similar opening is where they live, or remote."""
    for opening in open_openings():
        place = Q(location__iexact=opening.location) if opening.location else Q(pk__in=[])
        if opening.remote:
            place |= Q(pk__isnull=False)
        people = reapproachable().filter(got_away_reason=GotAwayReason.RELOCATION).filter(place)
        people = similar_to(in_scope(people, scope=scope, opening=opening), opening)
        for pk, name, location in people.values_list("pk", "full_name", "location").iterator(chunk_size=CHUNK):
            if opening.location and location.casefold() == opening.location.casefold():
                words = f"{opening.title} is in {opening.location}, where {first_name(name)} lives"
            else:
                words = f"{opening.title} can be done remotely"
            yield FoundSignal(
                pk, SignalKind.OPENING_NEAR_THEM, f"opening:{opening.pk}", SCORES[SignalKind.OPENING_NEAR_THEM],
                f"{words}: relocation was what stopped them.", opening.pk,
            )


A_YEAR_WORDS = {
    GotAwayReason.DECLINED_OFFER: "declined our offer",
    GotAwayReason.MOVED_TOO_SLOWLY: "we moved too slowly",
}


def a_year_on(*, scope: SignalScope) -> Iterator[FoundSignal]:
    """Declined our offer, or we moved too slowly, a year or more ago, and a similar opening now."""
    year_ago = scope.today - A_YEAR
    for opening in open_openings():
        people = reapproachable().filter(got_away_reason__in=list(A_YEAR_WORDS), got_away_on__lte=year_ago)
        people = similar_to(in_scope(people, scope=scope, opening=opening), opening)
        rows = people.values_list("pk", "full_name", "got_away_reason", "got_away_on")
        for pk, name, reason, got_away in rows.iterator(chunk_size=CHUNK):
            since = "since " + (f"{first_name(name)} {A_YEAR_WORDS[reason]}" if reason == GotAwayReason.DECLINED_OFFER
                                else f"{A_YEAR_WORDS[reason]} for {first_name(name)}")
            yield FoundSignal(
                pk, SignalKind.A_YEAR_ON, f"opening:{opening.pk}", SCORES[SignalKind.A_YEAR_ON],
                f"{month_label(got_away)} was over a year ago {since}; {opening.title} is open now.",
                opening.pk,
            )


# --- Dates they gave us ---------------------------------------------------------------------

def follow_up_due(*, scope: SignalScope) -> Iterator[FoundSignal]:
    """The follow-up date a recruiter set has come (timing / not ready, or any other reason)."""
    people = reapproachable().filter(follow_up_on__lte=scope.today)
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
    """Each candidate's latest career update: the company they joined and when."""
    later = CareerUpdate.objects.filter(candidate=OuterRef("candidate"), started_on__gt=OuterRef("started_on"))
    return CareerUpdate.objects.filter(
        candidate__in=reapproachable(), started_on__isnull=False
    ).exclude(Exists(later))


def work_anniversary(*, scope: SignalScope) -> Iterator[FoundSignal]:
    """12, 18 or 24 months at the company they joined (within the last month): cliffs and vesting."""
    for months in ANNIVERSARY_MONTHS:
        newest_start = _months_before(scope.today, months)
        oldest_start = _months_before(scope.today - CAREER_NEWS_FOR, months)
        moves = latest_moves().filter(started_on__gt=oldest_start, started_on__lte=newest_start)
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
    recent = CareerUpdate.objects.filter(candidate__in=reapproachable(),
                                         recorded_at__gt=scope.now - CAREER_NEWS_FOR)
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


def _inbound_activity(*, after: dt.datetime):
    from outreach.signal_sources import Activity

    touches = TouchPoint.objects.filter(
        direction=Direction.INBOUND, occurred_at__gt=after, candidate__in=reapproachable()
    ).values_list("candidate_id", "occurred_at", "kind")
    for candidate_id, occurred_at, kind in touches.iterator(chunk_size=CHUNK):
        yield Activity(candidate_id, occurred_at, INBOUND_WORDS.get(kind, "got in touch"))


def warming_up(*, scope: SignalScope) -> Iterator[FoundSignal]:
    """Replied, answered an RSVP, changed preferences or clicked a newsletter link in the last 14 days."""
    after = scope.now - WARMING_FOR
    latest: dict[int, object] = {}
    counts: dict[int, int] = defaultdict(int)
    sources = [_inbound_activity, *warming_sources().values()]
    for source in sources:
        for activity in source(after=after):
            counts[activity.candidate_id] += 1
            best = latest.get(activity.candidate_id)
            if best is None or activity.happened_at > best.happened_at:
                latest[activity.candidate_id] = activity
    if not latest:
        return
    allowed = set(reapproachable().filter(pk__in=list(latest)).values_list("pk", flat=True))
    names = dict(Candidate.objects.filter(pk__in=allowed).values_list("pk", "full_name"))
    for candidate_id, activity in latest.items():
        if candidate_id not in allowed:
            continue
        days = (scope.now - activity.happened_at).days
        when = "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"
        more = counts[candidate_id] - 1
        also = f" (and {more} more thing{'s' if more > 1 else ''} this fortnight)" if more else ""
        yield FoundSignal(
            candidate_id, SignalKind.WARMING_UP, f"warming:{activity.happened_at.date().isoformat()}",
            SCORES[SignalKind.WARMING_UP],
            f"{first_name(names[candidate_id])} {activity.words} {when}{also}: they're warming up.",
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
                                            score=SCORES[SignalKind.SILVER_MEDALLIST])


# How a pass decides which live signals no longer hold (those it looked for and did not find again):
EVERYONE = "everyone"  # cheap rules, run for everyone on every pass
CHANGED = "changed"  # opening rules: changed candidates, changed openings, openings no longer open
OPENINGS = "openings"  # silver medallists: changed openings only (and everyone on the full pass)

# name -> (rule, the kinds it yields, what an incremental pass re-checks). Run in this order.
RULES = {
    "band_covers_ask": (band_covers_ask, [SignalKind.BAND_COVERS_ASK], CHANGED),
    "budget_for_their_role": (budget_for_their_role, [SignalKind.BUDGET_FOR_THEIR_ROLE], CHANGED),
    "opening_near_them": (opening_near_them, [SignalKind.OPENING_NEAR_THEM], CHANGED),
    "a_year_on": (a_year_on, [SignalKind.A_YEAR_ON], CHANGED),
    "follow_up_due": (follow_up_due, [SignalKind.FOLLOW_UP_DUE], EVERYONE),
    "work_anniversary": (work_anniversary, [SignalKind.WORK_ANNIVERSARY], EVERYONE),
    "new_title": (new_title, [SignalKind.NEW_TITLE], EVERYONE),
    "company_magnet": (company_magnet, [SignalKind.COMPANY_MAGNET], EVERYONE),
    "warming_up": (warming_up, [SignalKind.WARMING_UP], EVERYONE),
}
