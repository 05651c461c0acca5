"""The rules about openings, worked out together in one pass over the people they concern.

Compensation gap, no budget, relocation, and a year on from a declined offer or a slow
process: each is resolved by an open role similar to what they interviewed for. Testing
each opening against the whole pool in SQL took minutes at a million candidates, so the
pass reads once the candidates with one of these reasons (a few columns) and the titles
they interviewed for that an open role carries, then matches them against the handful of
open openings in memory. One signal per candidate and rule: the best-fitting opening
(interviewed for that very title first, then the most shared skills, then the highest band).

Similar: they interviewed for the title, or list at least two of its skills (all of them,
if it names one).
"""
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Lower

from candidates.choices import GotAwayReason, money_label
from candidates.models import Interview
from outreach.openings.models import Opening
from outreach.signal_sources import FoundSignal, SignalScope

from .choices import SignalKind
from .scores import A_YEAR, CAREER_NEWS_FOR, SCORES
from .words import day_label, first_name, month_label

REASONS = {
    GotAwayReason.COMPENSATION_GAP: SignalKind.BAND_COVERS_ASK,
    GotAwayReason.NO_BUDGET: SignalKind.BUDGET_FOR_THEIR_ROLE,
    GotAwayReason.RELOCATION: SignalKind.OPENING_NEAR_THEM,
    GotAwayReason.DECLINED_OFFER: SignalKind.A_YEAR_ON,
    GotAwayReason.MOVED_TOO_SLOWLY: SignalKind.A_YEAR_ON,
}
A_YEAR_WORDS = {
    GotAwayReason.DECLINED_OFFER: "declined our offer",
    GotAwayReason.MOVED_TOO_SLOWLY: "we moved too slowly",
}
CHUNK = 5000


@dataclass(frozen=True)
class OpenRole:
    opening: Opening
    title_key: str
    skills: frozenset[str]
    needed: int  # shared skills that make it similar without the title
    location_key: str
    opened_on: dt.date
    band_label: str


def _roles(openings: list[Opening]) -> list[OpenRole]:
    roles = []
    for opening in openings:
        skills = frozenset(str(tag).casefold() for tag in opening.skills if str(tag).strip())
        roles.append(OpenRole(opening=opening, title_key=opening.title.casefold(), skills=skills,
                              needed=min(2, len(skills)) or 99, location_key=opening.location.casefold(),
                              opened_on=opening.opened_at.date(),
                              band_label=money_label(opening.pay_currency, opening.pay_max)))
    return roles


class Roles:
    """The open roles, indexed the ways the reasons look them up."""

    def __init__(self, roles: list[OpenRole], scope: SignalScope):
        self.all = roles
        self.by_title: dict[str, list[OpenRole]] = defaultdict(list)
        self.by_currency: dict[str, list[OpenRole]] = defaultdict(list)
        self.by_location: dict[str, list[OpenRole]] = defaultdict(list)
        for role in roles:
            self.by_title[role.title_key].append(role)
            self.by_currency[role.opening.pay_currency].append(role)
            if role.location_key:
                self.by_location[role.location_key].append(role)
        for same in self.by_currency.values():
            same.sort(key=lambda role: -role.opening.pay_max)
        self.remote = [role for role in roles if role.opening.remote]
        # A year on is news for a month from the moment both hold: a role opened within it, or
        # anyone's first year out that ended within it.
        self.news_since = scope.today - CAREER_NEWS_FOR
        self.recent = [role for role in roles if role.opened_on > self.news_since]
        self.year_window = (self.news_since - A_YEAR, scope.today - A_YEAR)  # got away in (first, last]

    def people_filter(self, wanted: set[str]) -> Q:
        """What the database can rule out before anything is read: one condition per reason."""
        conditions = Q(pk__in=[])
        if GotAwayReason.COMPENSATION_GAP in wanted:
            for currency, same in self.by_currency.items():
                conditions |= Q(got_away_reason=GotAwayReason.COMPENSATION_GAP, expected_pay_currency=currency,
                                expected_pay__lte=same[0].opening.pay_max)
        if GotAwayReason.NO_BUDGET in wanted:
            conditions |= Q(got_away_reason=GotAwayReason.NO_BUDGET)
        if GotAwayReason.RELOCATION in wanted and (self.remote or self.by_location):
            place = Q(pk__isnull=False) if self.remote else Q(location__iregex=_any_of(self.by_location))
            conditions |= Q(got_away_reason=GotAwayReason.RELOCATION) & place
        year_on = [reason for reason in (GotAwayReason.DECLINED_OFFER, GotAwayReason.MOVED_TOO_SLOWLY)
                   if reason in wanted]
        if year_on:
            first, last = self.year_window
            when = Q(got_away_on__lte=last) if self.recent else Q(got_away_on__gt=first, got_away_on__lte=last)
            conditions |= Q(got_away_reason__in=year_on) & when
        return conditions

    def candidates_for(self, reason, got_away, currency, ask, location, their_titles) -> list[OpenRole]:
        if reason == GotAwayReason.COMPENSATION_GAP:
            if ask is None:
                return []
            same = self.by_currency.get(currency, [])
            return [role for role in same if role.opening.pay_max >= ask]
        if reason == GotAwayReason.NO_BUDGET:
            roles = [role for title in their_titles for role in self.by_title.get(title, [])]
            return [role for role in roles if got_away is None or got_away < role.opened_on]
        if reason == GotAwayReason.RELOCATION:
            return self.remote + [role for role in self.by_location.get(location.casefold(), [])
                                  if not role.opening.remote]
        if got_away is None:
            return []
        first, last = self.year_window
        if got_away > last:
            return []
        return self.all if got_away > first else self.recent


def _any_of(by_location: dict) -> str:
    import re

    return "^(" + "|".join(re.escape(place) for place in sorted(by_location)) + ")$"


def opening_signals(*, scope: SignalScope, people, openings: list[Opening], kinds: set[str] | None = None
                    ) -> Iterator[FoundSignal]:
    """Signals of the opening rules for `people` (a Candidate queryset) against `openings`."""
    roles = Roles(_roles(openings), scope)
    if not roles.all:
        return
    wanted = {reason for reason, kind in REASONS.items() if kinds is None or kind in kinds}
    people = people.filter(roles.people_filter(wanted))
    # Each candidate's interviewed titles that an open role carries, as a tuple of shared strings:
    # at a million candidates, hundreds of thousands of small sets would cost a worker 100 MB more.
    interviewed: dict[int, tuple[str, ...]] = {}
    canonical = {title: title for title in roles.by_title}
    pairs = (Interview.objects.filter(candidate__in=people).annotate(title_key=Lower("role_title"))
             .filter(title_key__in=sorted(roles.by_title)).values_list("candidate_id", "title_key").distinct())
    for candidate_id, title_key in pairs.iterator(chunk_size=CHUNK):
        title = canonical.get(title_key, title_key)
        interviewed[candidate_id] = (*interviewed.get(candidate_id, ()), title)
    rows = people.values_list("pk", "full_name", "got_away_reason", "got_away_on", "expected_pay_currency",
                              "expected_pay", "location", "skills")
    for pk, name, reason, got_away, currency, ask, location, skills in rows.iterator(chunk_size=CHUNK):
        their_titles = interviewed.get(pk, ())
        if reason == GotAwayReason.NO_BUDGET and not their_titles:
            continue
        possible = roles.candidates_for(reason, got_away, currency, ask, location, their_titles)
        if not possible:
            continue
        their_skills = {str(tag).casefold() for tag in skills} if isinstance(skills, list) else set()
        best, best_key = None, None
        for role in possible:
            for_title = role.title_key in their_titles
            shared = len(role.skills & their_skills) if their_skills else 0
            if not for_title and (shared < role.needed or reason == GotAwayReason.NO_BUDGET):
                continue  # no budget: "the role they interviewed for", the title itself
            key = (for_title, shared, role.opening.pay_max, -role.opening.pk)
            if best_key is None or key > best_key:
                best, best_key = role, key
        if best is not None:
            yield _signal(best, pk, name, reason, got_away, currency, ask, location, scope)


def _signal(role: OpenRole, pk, name, reason, got_away, currency, ask, location, scope) -> FoundSignal:
    opening = role.opening
    kind = REASONS[reason]
    subject = f"opening:{opening.pk}"
    first = first_name(name)
    expires = None
    if kind == SignalKind.BAND_COVERS_ASK:
        words = f"The {opening.title} band now reaches {role.band_label}; {first} asked {money_label(currency, ask)}."
    elif kind == SignalKind.BUDGET_FOR_THEIR_ROLE:
        team = f" ({opening.team})" if opening.team else ""
        then = f" in {month_label(got_away)}" if got_away else ""
        words = (f"{first} interviewed for {opening.title}{team} when there was no budget{then}; "
                 f"it opened on {day_label(role.opened_on)}.")
    elif kind == SignalKind.OPENING_NEAR_THEM:
        if role.location_key and location.casefold() == role.location_key:
            place = f"{opening.title} is in {opening.location}, where {first} lives"
        else:
            place = f"{opening.title} can be done remotely"
        words = f"{place}: relocation was what stopped them."
    else:
        since = (f"{first} {A_YEAR_WORDS[reason]}" if reason == GotAwayReason.DECLINED_OFFER
                 else f"{A_YEAR_WORDS[reason]} for {first}")
        words = f"A year since {since} ({month_label(got_away)}); {opening.title} is open now."
        moment = max(got_away + A_YEAR, role.opened_on)
        expires = scope.now + (moment + CAREER_NEWS_FOR - scope.today)
    return FoundSignal(pk, kind, subject, SCORES[kind], words, opening.pk, expires)
