"""Silver medallists: people who nearly joined, for a role like the one open now.

A silver medallist reached a final round (Interview.stage FINAL) and got a Yes or Strong yes on
it, still welcomes contact, and shares at least one skill with the opening. The opening page
lists them and the signal job (outreach.signals) raises "a new opening fits" from the same rows,
so both read `silver_medallists(opening)`.

On PostgreSQL one query, driven from the final rounds rather than from the candidates: final
rounds with a yes are few and both halves come from partial indexes (migration 0002), then each
one's candidate is a primary-key probe checking the skills overlap (`lower(skills::text)::jsonb
?| array[...]`). The cost grows with the number of final rounds, not with the candidates: a
skills overlap alone matches nearly half the table. SQLite, with no jsonb, runs the same rule
through the ORM and matches each tag as its quoted JSON text (`"python"`), any case.
"""
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.utils.dateformat import format as date_format

from candidates.choices import INACTIVE_STAGES, InterviewStage, Recommendation
from candidates.models import Candidate, Feedback, Interview, skill_tags, split_skills
from outreach.signal_sources import FoundSignal

from .models import Opening

# The reason line names at most this many shared skills ("… and 2 more").
NAMED_SKILLS = 4


@dataclass(frozen=True)
class SilverMatch:
    """One silver medallist for one opening: who, how well they fit, and the final round that says so."""

    candidate_id: int
    shared_skills: int  # how many of the opening's skills they have (at least one)
    recommendation: int  # their best mark on a final round: Recommendation.YES or STRONG_YES
    final_on: dt.date  # that final round (the latest, when several share the best mark)
    role_title: str
    interview_id: int

    @property
    def recommendation_label(self) -> str:
        return Recommendation(self.recommendation).label


def opening_tags(opening: Opening) -> list[str]:
    """The opening's skills as the query compares them: cleaned, lower case."""
    return [tag.lower() for tag in skill_tags(opening.skills or [])]


class SilverMedallists:
    """The ranked silver medallists of one opening, read lazily.

    Best fit first: most shared skills, then the best recommendation, then the most recent final
    round, then the candidate id. Iterating reads them all (the signal job); a slice reads one page
    and count() counts, so it goes straight into a Django Paginator (the opening page). A page read
    on PostgreSQL carries the total too, so a page and its count cost one query, not two.
    """

    def __init__(self, opening: Opening):
        self.opening = opening
        self.tags = opening_tags(opening)
        self._total: int | None = None
        self._slices: dict[tuple[int, int | None], list[SilverMatch]] = {}

    def count(self) -> int:
        if self._total is None:
            self._total = self._count()
        return self._total

    def _count(self) -> int:
        if not self.tags:
            return 0
        if connection.vendor == "postgresql":
            sql, params = _pg_sql(self.tags, select="count(*)", tail="")
            return _pg_rows(sql, params)[0][0]
        return _portable(self.tags).count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step not in (None, 1) or (key.start or 0) < 0 or (
                key.stop is not None and key.stop < 0):
            raise TypeError("SilverMedallists takes a forward slice: [start:stop]")
        start = key.start or 0
        limit = None if key.stop is None else max(0, key.stop - start)
        if (start, limit) not in self._slices:
            self._slices[start, limit] = self._read(offset=start, limit=limit)
        return self._slices[start, limit]

    def __iter__(self):
        return iter(self[0:])

    def _read(self, *, offset: int, limit: int | None) -> list[SilverMatch]:
        if not self.tags or limit == 0:
            return []
        if connection.vendor == "postgresql":
            tail = " OFFSET %s" + (" LIMIT %s" if limit is not None else "")
            sql, params = _pg_sql(self.tags, select=_PG_COLUMNS + ", count(*) OVER ()", tail=_PG_ORDER + tail)
            params += [offset] + ([limit] if limit is not None else [])
            rows = _pg_rows(sql, params)
            if rows:
                self._total = rows[0][-1]
            return [SilverMatch(*row[:-1]) for row in rows]
        rows = _portable(self.tags).values_list(
            "id", "shared_skills", "best_recommendation", "final_on", "final_role", "final_interview_id")
        rows = rows[offset:] if limit is None else rows[offset:offset + limit]
        return [SilverMatch(*row) for row in rows]


def silver_medallists(opening: Opening) -> SilverMedallists:
    """Candidates worth re-approaching for `opening`, best fit first, as SilverMatch rows.

    Excluded: do not contact (erased candidates are), the inactive stages, no skill in common,
    no Yes or Strong yes on a final round. An opening without skills has none.
    """
    return SilverMedallists(opening)


# Each candidate's best final round with a yes (DISTINCT ON), then a primary-key probe of that
# candidate for the skills and whether we may write. OFFSET 0 keeps the probe a probe: flattened
# into a join, the planner may start from the skills overlap instead, misjudging how many match.
_PG_BEST = """
WITH finals AS (
    SELECT DISTINCT ON (i.candidate_id)
        i.candidate_id, f.recommendation, i.occurred_on, i.role_title, i.id AS interview_id
    FROM {interview} i
    JOIN {feedback} f ON f.interview_id = i.id AND f.recommendation >= %s
    WHERE i.stage = %s
    ORDER BY i.candidate_id, f.recommendation DESC, i.occurred_on DESC, i.id DESC
), best AS (
    SELECT finals.*, c.tags FROM finals CROSS JOIN LATERAL (
        SELECT lower(c.skills::text)::jsonb AS tags FROM {candidate} c
        WHERE c.id = finals.candidate_id AND NOT c.do_not_contact AND c.stage <> ALL (%s::text[])
          AND jsonb_typeof(c.skills) = 'array' AND lower(c.skills::text)::jsonb ?| %s::text[]
        OFFSET 0
    ) c
)
SELECT {select} FROM best{tail}
"""
_PG_COLUMNS = ("candidate_id, (SELECT count(*) FROM jsonb_array_elements_text(tags) AS tag "
               "WHERE tag = ANY(%s::text[])) AS shared, recommendation, occurred_on, role_title, interview_id")
_PG_ORDER = " ORDER BY shared DESC, recommendation DESC, occurred_on DESC, candidate_id"


# The planner prices a probe per final round, so from ~100,000 candidates the estimate passes
# jit_above_cost and PostgreSQL spends longer compiling the query (10-50 ms) than running it.
PG_SETTINGS = "SET LOCAL jit = off; "


def _pg_rows(sql: str, params: list) -> list[tuple]:
    # Sent with the query as one string, SET LOCAL lasts for that statement alone in autocommit (and
    # to the end of the caller's transaction inside one): no extra round trip.
    with connection.cursor() as cursor:
        cursor.execute(PG_SETTINGS + sql, params)
        return cursor.fetchall()


def _pg_sql(tags: list[str], *, select: str, tail: str) -> tuple[str, list]:
    sql = _PG_BEST.format(interview=Interview._meta.db_table, feedback=Feedback._meta.db_table,
                          candidate=Candidate._meta.db_table, select=select, tail=tail)
    params = [Recommendation.YES.value, InterviewStage.FINAL.value, [str(stage) for stage in INACTIVE_STAGES], tags]
    if "%s" in select:
        params.append(tags)
    return sql, params


def _portable(tags: list[str]):
    """The same rule through the ORM (SQLite): each tag found as its quoted JSON text, any case."""
    # Quoted, a tag never matches part of another ("Go" in "Django"); json.dumps spells it as the
    # JSON text does, escapes included.
    overlaps, shared = Q(), Value(0)
    for tag in tags:
        quoted = json.dumps(tag)
        overlaps |= Q(skills__icontains=quoted)
        shared = shared + Case(When(skills__icontains=quoted, then=Value(1)), default=Value(0))
    final_yes = Feedback.objects.filter(interview__candidate=OuterRef("pk"), interview__stage=InterviewStage.FINAL,
                                        recommendation__gte=Recommendation.YES)
    best = final_yes.order_by("-recommendation", "-interview__occurred_on", "-interview_id")
    return (
        Candidate.objects.filter(overlaps, do_not_contact=False)
        .exclude(stage__in=INACTIVE_STAGES)
        .filter(Exists(final_yes))
        .annotate(
            shared_skills=shared,
            best_recommendation=Subquery(best.values("recommendation")[:1], output_field=IntegerField()),
            final_on=Subquery(best.values("interview__occurred_on")[:1]),
            final_role=Subquery(best.values("interview__role_title")[:1]),
            final_interview_id=Subquery(best.values("interview_id")[:1]),
        )
        .order_by(F("shared_skills").desc(), F("best_recommendation").desc(), F("final_on").desc(), "id")
    )


def shared_skill_names(opening: Opening, candidate_skills) -> list[str]:
    """The opening's skills the candidate has, in the opening's spelling and order."""
    if isinstance(candidate_skills, str):  # typed text that never became tags
        candidate_skills = split_skills(candidate_skills)
    theirs = {tag.lower() for tag in skill_tags(candidate_skills or [])}
    return [tag for tag in skill_tags(opening.skills or []) if tag.lower() in theirs]


@dataclass(frozen=True)
class SilverRow:
    """One row of the opening page's list: the candidate, their match, and why, in one line."""

    candidate: Candidate
    match: SilverMatch
    shared: list[str]

    @property
    def reason(self) -> str:
        """ "Final round for Staff Engineer, Mar 2025 · Strong yes · shares Python, Django" """
        named = ", ".join(self.shared[:NAMED_SKILLS])
        if len(self.shared) > NAMED_SKILLS:
            named += f" and {len(self.shared) - NAMED_SKILLS} more"
        return (f"Final round for {self.match.role_title}, {date_format(self.match.final_on, 'M Y')} · "
                f"{self.match.recommendation_label} · shares {named}")


def silver_rows(opening: Opening, matches: list[SilverMatch]) -> list[SilverRow]:
    """A page of matches with their candidates (owner joined): one query."""
    candidates = Candidate.objects.select_related("owner").in_bulk([match.candidate_id for match in matches])
    return [SilverRow(candidate=candidates[match.candidate_id], match=match,
                      shared=shared_skill_names(opening, candidates[match.candidate_id].skills))
            for match in matches if match.candidate_id in candidates]


# Silver medallists read per round trip when raising signals: enough for a page of them and more.
SIGNAL_BATCH = 100


def silver_medallist_signals(*, opening: Opening, kind: str, score: int, limit: int = 25,
                             stages: list[str] | None = None) -> Iterator[FoundSignal]:
    """The opening's best `limit` silver medallists as re-approach signals, best fit first.

    For the signal job (outreach.signals): one signal per candidate about this opening (subject
    "opening:<id>"), its reason in one line ("Ada made the final round for Senior Backend Engineer
    in Mar 2025 (Strong yes); Staff Backend Engineer needs Python, Django."). `stages`, when given,
    keeps only candidates in those stages (the signals speak only of people being won back).
    """
    medallists, found, start = silver_medallists(opening), 0, 0
    while found < limit:
        batch = medallists[start:start + SIGNAL_BATCH]
        if not batch:
            return
        start += len(batch)
        people = {pk: (name, stage, skills) for pk, name, stage, skills in Candidate.objects.filter(
            pk__in=[match.candidate_id for match in batch]).values_list("pk", "full_name", "stage", "skills")}
        for match in batch:
            name, stage, skills = people.get(match.candidate_id, (None, None, None))
            if name is None or (stages is not None and stage not in stages):
                continue
            first = name.split()[0] if name.split() else name
            yield FoundSignal(
                match.candidate_id, kind, f"opening:{opening.pk}", score,
                f"{first} made the final round for {match.role_title} in {date_format(match.final_on, 'M Y')} "
                f"({match.recommendation_label}); {opening.title} needs "
                f"{', '.join(shared_skill_names(opening, skills)[:NAMED_SKILLS])}.",
                opening.pk,
            )
            found += 1
            if found >= limit:
                return
