"""Reads over many candidates, as chainable QuerySet methods."""
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, F, Func, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Coalesce

from .choices import INACTIVE_STAGES

# "Never touched" sorts after every real touch in the last-touch order. A value instead of
# NULL keeps the sort key a plain tuple the keyset comparison and its index can use.
NEVER_TOUCHED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
LAST_TOUCH_KEY = Coalesce(F("schedule__last_touch_at"), Value(NEVER_TOUCHED))


@dataclass(frozen=True)
class SortKey:
    expression: object
    attribute: Callable  # the same value read from a loaded row
    kind: type


@dataclass(frozen=True)
class ListSegment:
    """Rows matching `condition`, in the order of `keys` (all one direction, the last unique)."""

    keys_spec: tuple
    descending: bool = False
    condition: Q = field(default_factory=Q)

    @property
    def keys(self) -> list:
        return [key.expression for key in self.keys_spec]

    @property
    def kinds(self) -> list:
        return [key.kind for key in self.keys_spec]

    def values_of(self, row) -> list:
        return [key.attribute(row) for key in self.keys_spec]


@dataclass(frozen=True)
class ListSort:
    """One of the list's orders: segments shown one after the other."""

    label: str
    segments: tuple

    @property
    def ordering(self) -> list:
        """The same order as one ORDER BY (for code that pages with OFFSET or reads it all)."""
        first = self.segments[0]
        ordering = [key.desc() if first.descending else key.asc() for key in first.keys]
        if len(self.segments) == 1:
            return ordering
        # A schedule sort: candidates without a schedule come after the rest, in id order.
        last = self.segments[-1].keys[-1]
        return [
            ExpressionWrapper(~HAS_SCHEDULE, output_field=BooleanField()).asc(),
            *ordering,
            last.desc() if first.descending else last.asc(),
        ]


def _schedule(name: str) -> Callable:
    return lambda row: getattr(row.schedule, name)


ID = SortKey(F("id"), lambda row: row.pk, int)
NAME = SortKey(F("full_name"), lambda row: row.full_name, str)
HAS_SCHEDULE = Q(schedule__isnull=False)


# The same id, read off the schedule: with it the whole key is on one table, so the
# comparison with a cursor is an index condition of that table's index.
SCHEDULE_ID = SortKey(F("schedule__candidate_id"), lambda row: row.pk, int)


def _with_schedule_first(key: SortKey, *, descending: bool = False) -> tuple:
    # Every candidate gets a schedule when added, but one can lose it; they still list,
    # after everyone who has one, in id order.
    return (
        ListSegment((key, SCHEDULE_ID), descending=descending, condition=HAS_SCHEDULE),
        ListSegment((ID,), descending=descending, condition=~HAS_SCHEDULE),
    )


# The list page's sorts, in the recruiter's words. Each ends on the id so rows that tie on
# the sort key still have one order (pages neither repeat nor skip a row), and each has an
# index in that order (see the migrations), so any page is an index scan of ~26 rows.
LIST_SORTS = {
    "name": ListSort("Name", (ListSegment((NAME, ID)),)),
    "tier": ListSort("Tier", (ListSegment((SortKey(F("tier"), lambda row: row.tier, int), NAME, ID)),)),
    "next_due": ListSort("Next check-in", _with_schedule_first(
        SortKey(F("schedule__next_due_at"), _schedule("next_due_at"), dt.datetime))),
    "last_touch": ListSort("Last touch", _with_schedule_first(
        SortKey(LAST_TOUCH_KEY, lambda row: row.schedule.last_touch_at or NEVER_TOUCHED, dt.datetime),
        descending=True)),
    "recent": ListSort("Recently added", (
        ListSegment((SortKey(F("created_at"), lambda row: row.created_at, dt.datetime), ID), descending=True),)),
}
DEFAULT_LIST_SORT = "name"


def _overdue_q(now: dt.datetime) -> Q:
    # Mirrors outreach's ScheduleQuerySet.active(): paused schedules and people who
    # asked us to stop are never "overdue", however old next_due_at is.
    return Q(
        schedule__next_due_at__lte=now,
        schedule__paused=False,
        do_not_contact=False,
    ) & ~Q(stage__in=INACTIVE_STAGES)


def is_overdue(candidate, now: dt.datetime) -> bool:
    """The same rule as _overdue_q, for rows already loaded with their schedule.

    The list page flags its 25 rows this way instead of annotating the queryset:
    an annotation would keep the schedule join in the page count, which on a large
    table costs more than the whole page. The rule itself is the schedule's own
    (its `candidate` is the row it was joined from, so asking costs no query).
    """
    schedule = getattr(candidate, "schedule", None)
    return schedule is not None and schedule.is_overdue(now)


class HasAnySkill(Func):
    """True when a JSON list of skill tags holds any of `skills`, whatever the case: "go" matches "Go", not "Django".

    Tags are stored as typed, so the comparison lower-cases both sides: on PostgreSQL the whole
    list at once (JSON has no upper-case syntax, so lower-casing its text keeps it valid JSON)
    tested with ?|; on SQLite each entry of json_each.
    """

    output_field = BooleanField()

    def __init__(self, expression, skills: list[str]):
        super().__init__(expression)
        self.skills = sorted({skill.lower() for skill in skills})

    def as_postgresql(self, compiler, connection):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(LOWER(({sql})::text)::jsonb ?| %s::text[])", [*params, self.skills]

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.source_expressions[0])
        marks = ", ".join(["%s"] * len(self.skills))
        # Only placeholders are formatted in: the tags themselves travel as parameters.
        return (f"EXISTS (SELECT 1 FROM json_each({sql}) AS tag WHERE LOWER(tag.value) IN ({marks}))",  # noqa: S608
                [*params, *self.skills])


def any_skill_q(skills: list[str], *, prefix: str = "") -> Q:
    """Candidates tagged with any of `skills` (an empty list matches everyone)."""
    if not skills:
        return Q()
    return Q(HasAnySkill(F(f"{prefix}skills"), skills))


class CandidateQuerySet(models.QuerySet):
    def for_owner(self, user) -> "CandidateQuerySet":
        return self.filter(owner=user)

    def search(self, text: str) -> "CandidateQuerySet":
        """Name, email or company containing the text, case-insensitive."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(full_name__icontains=text) | Q(email__icontains=text) | Q(current_company__icontains=text)
        )

    def email_taken(self, email: str, *, exclude_pk: int | None = None) -> "CandidateQuerySet":
        qs = self.filter(email__iexact=email.strip())
        return qs.exclude(pk=exclude_pk) if exclude_pk else qs

    def with_any_skill(self, skills: list[str]) -> "CandidateQuerySet":
        return self.filter(any_skill_q(skills))

    def at_company(self, company) -> "CandidateQuerySet":
        """Who works at this company now (their latest career update is there): from the company's rows, by index."""
        moves = _related(self.model, "career_updates").objects.latest_per_candidate().filter(employer=company)
        return self.filter(pk__in=moves.values("candidate_id"))

    def overdue(self, now: dt.datetime) -> "CandidateQuerySet":
        """Candidates whose active check-in schedule is due at or before `now`."""
        return self.filter(_overdue_q(now))

    def for_list(self) -> "CandidateQuerySet":
        """Everything one row of the candidates table shows, in this one query."""
        return self.select_related("owner", "schedule")

    def with_history(self) -> "CandidateQuerySet":
        """What the candidate page shows: owner and schedule joined; interviews with their
        scorecards, and career moves, prefetched in full (the timeline reuses them)."""
        interviews, career_updates = _related(self.model, "interviews"), _related(self.model, "career_updates")
        return self.select_related("owner", "schedule").prefetch_related(
            Prefetch("interviews", queryset=interviews.objects.with_scorecards()),
            Prefetch("career_updates", queryset=career_updates.objects.select_related("recorded_by", "employer")),
        )

    def sorted_by(self, key: str) -> "CandidateQuerySet":
        return self.order_by(*LIST_SORTS.get(key, LIST_SORTS[DEFAULT_LIST_SORT]).ordering)


def _related(model, name: str):
    # The model behind a reverse relation, read from the relation itself: models.py imports
    # this module, so importing models.py back would be a circle.
    return model._meta.get_field(name).related_model


class InterviewQuerySet(models.QuerySet):
    def with_scorecards(self) -> "InterviewQuerySet":
        """Who logged each interview, and its scorecards with their authors: three queries in all."""
        return self.select_related("logged_by").prefetch_related(
            Prefetch("feedback", queryset=_related(self.model, "feedback").objects.select_related("author"))
        )


# A candidate's latest move, as their current role follows it (candidates.services): the latest
# start, a move with no start date counting as the newest, then the latest recorded.
LATEST_MOVE_ORDER = (F("started_on").desc(nulls_first=True), F("recorded_at").desc(), F("id").desc())


class CareerUpdateQuerySet(models.QuerySet):
    def latest_per_candidate(self) -> "CareerUpdateQuerySet":
        """Each candidate's latest career update only: where they work now."""
        latest = self.model.objects.filter(candidate=OuterRef("candidate")).order_by(*LATEST_MOVE_ORDER)
        return self.filter(pk=models.Subquery(latest.values("pk")[:1]))

    def others_per_employer(self, candidate, employer_ids) -> dict[int, int]:
        """{company id: how many other candidates work there now}: the career card's "Also at Acme", one query."""
        if not employer_ids:
            return {}
        rows = (self.latest_per_candidate().filter(employer_id__in=employer_ids).exclude(candidate_id=candidate.pk)
                .values("employer_id").annotate(n=models.Count("candidate_id", distinct=True)).order_by())
        return {row["employer_id"]: row["n"] for row in rows}
