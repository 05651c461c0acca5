"""The dashboard's figures read from the roll-ups (rollup.py) for any period, recruiter and tier.

Every attribute is what its namesake in queries.py returns for the same filters; the tests
hold the two equal for random ranges, recruiters and tiers, across DST changes.

A period is [start, end) in the viewer's timezone. Its whole UTC days come from day
rows, the UTC hours of a day it only partly covers from the rows' hourly counts, and
what is left is read live from the source tables: minutes of a zone whose midnight is
off the hour (Kolkata), and everything from the first day the roll-ups do not hold yet
(today). Counts of candidates use the rows' previous days: a candidate has a day in
[first, after) exactly when one of their days in it has its previous day before `first`,
and for the live part, a candidate seen there counts unless they also have a day in the
rolled part. Figures about the pipeline as it stands are as of the last refresh, at most
a minute old when beat runs.
"""
import bisect
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Sum

from candidates.models import Candidate, Feedback, Interview, StageChange

from ..models import LAST_TOUCH_INDEX_KEY, CheckInSchedule, DashboardCount, DashboardRollupState, TouchPoint
from . import queries
from .filters import DashboardFilters
from .rollup import utc_midnight
from .rollup_codes import NO_DAY, Figure
from .sources import FIELDS, LiveFigures

HOUR = dt.timedelta(hours=1)
# Figures rolled up for the whole team only (per tier): a page for one recruiter reads their book.
TEAM_ONLY = {"stage_moves", "forward_movers", "touches_per_week", "feedback_coverage", "feedback_delays"}
DAY = dt.timedelta(days=1)


@dataclass
class Parts:
    """[start, end) as roll-up days, partial days' UTC hours, and instants read live."""

    days: tuple[dt.date, dt.date] | None = None  # [first, after)
    hours: list[tuple[dt.date, int, int]] = field(default_factory=list)  # (day, first hour, after-last hour)
    live: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)
    # Rows without hourly counts (daily()): whole days added, and live instants taken off them.
    whole: list[dt.date] = field(default_factory=list)
    minus: list[tuple[dt.datetime, dt.datetime]] = field(default_factory=list)


def _floor_hour(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


def _ceil_hour(moment: dt.datetime) -> dt.datetime:
    floor = _floor_hour(moment)
    return floor if floor == moment else floor + HOUR


def split(start: dt.datetime, end: dt.datetime, rolled_until: dt.datetime) -> Parts:
    """The roll-ups hold events before `rolled_until`, its hour's count holding those of that hour so far."""
    parts = Parts()
    tail = end > rolled_until
    if tail:
        parts.live.append((max(start, rolled_until), end))
        end = rolled_until
    if start >= end:
        return parts
    low = _ceil_hour(start)
    # The stored hour holding rolled_until ends there: up to it, it is a whole hour of the roll-ups.
    high = _ceil_hour(end) if tail else _floor_hour(end)
    if low >= high:
        parts.live.append((start, end))
        return parts
    if start < low:
        parts.live.append((start, low))
    if high < end:
        parts.live.append((high, end))
    first_midnight = utc_midnight(low.date()) + (DAY if low.hour else dt.timedelta())
    last_midnight = utc_midnight(high.date())
    if first_midnight <= last_midnight:
        if low < first_midnight:
            parts.hours.append((low.date(), low.hour, 24))
        if first_midnight < last_midnight:
            parts.days = (first_midnight.date(), last_midnight.date())
        if last_midnight < high:
            parts.hours.append((high.date(), 0, high.hour))
    else:
        parts.hours.append((low.date(), low.hour, high.hour))
    return parts


def daily(parts: Parts, rolled_until: dt.datetime) -> Parts:
    """The same span for rows without hourly counts: a partial day is read live, or, when it
    is most of the day, its whole row less the hours it leaves out."""
    out = Parts(days=parts.days, live=list(parts.live))
    for day, first, after in parts.hours:
        midnight = utc_midnight(day)
        day_end = min(midnight + DAY, rolled_until)
        low, high = midnight + first * HOUR, min(midnight + after * HOUR, day_end)
        if (high - low) * 2 > day_end - midnight:
            out.whole.append(day)
            out.minus += [r for r in ((midnight, low), (high, day_end)) if r[0] < r[1]]
        else:
            out.live.append((low, high))
    return out


def _live_q(field_name: str, ranges) -> Q:
    q = Q(pk__in=[])
    for low, high in ranges:
        q |= Q(**{f"{field_name}__gte": low, f"{field_name}__lt": high})
    return q


class RolledFigures:
    """The figures for `f` from the roll-ups as of `state`; each computed when first asked for."""

    def __init__(self, f: DashboardFilters, state):
        self.f, self.state = f, state
        self.as_of = state.refreshed_at
        self.owner = f.recruiter.pk if f.recruiter else 0
        self.tier = f.tier or 0
        self.parts = split(f.start, f.end, state.rolled_until)

    def __getattr__(self, name: str):
        if name not in FIELDS:
            raise AttributeError(name)
        # One recruiter's events are a few thousand rows of their own book, read as they are.
        from_book = self.owner and name in TEAM_ONLY
        value = getattr(queries, name)(self.f) if from_book else getattr(self, f"_{name}")()
        setattr(self, name, value)
        return value

    # -- reading rows ------------------------------------------------------------------

    def _rows(self, figures, *, each_owner=False, each_tier=False):
        rows = DashboardCount.objects.filter(figure__in=[int(figure) for figure in figures])
        rows = rows.filter(owner_id__gt=0) if each_owner and not self.owner else rows.filter(owner_id=self.owner)
        return rows.filter(tier__gt=0) if each_tier and not self.tier else rows.filter(tier=self.tier)

    def _summed(self, figures, by: tuple[str, ...], parts: Parts, **level) -> dict[tuple, int]:
        """{values of `by`: n} over the parts' days and hours."""
        totals: dict[tuple, int] = {}
        rows = self._rows(figures, **level)
        if parts.days:
            for row in rows.filter(day__gte=parts.days[0], day__lt=parts.days[1]).values(*by).annotate(total=Sum("n")):
                key = tuple(row[name] for name in by)
                totals[key] = totals.get(key, 0) + row["total"]
        for day, first, after in parts.hours:
            for row in rows.filter(day=day).values(*by, "hours"):
                key = tuple(row[name] for name in by)
                totals[key] = totals.get(key, 0) + sum(row["hours"][first:after])
        if parts.whole:
            for row in rows.filter(day__in=parts.whole).values(*by).annotate(total=Sum("n")):
                key = tuple(row[name] for name in by)
                totals[key] = totals.get(key, 0) + row["total"]
        return totals

    def _live_by(self, queryset, time_field: str, by: str, ranges, **counts) -> list[dict]:
        if not ranges:
            return []
        return list(queryset.filter(_live_q(time_field, ranges)).values(by).annotate(**counts).order_by())

    # -- the pipeline as it stands ----------------------------------------------------

    def _stage_counts(self) -> dict[str, int]:
        return {row["key"]: row["n"] for row in self._rows([Figure.STAGES]).values("key", "n") if row["n"]}

    def _reasons_by_tier(self) -> list[dict]:
        rows = {}
        for row in self._rows([Figure.REASONS, Figure.REASONS_RE_ENGAGED], each_tier=True).values("figure", "tier",
                                                                                                 "key", "n"):
            entry = rows.setdefault((row["key"], row["tier"]), {"got_away_reason": row["key"], "tier": row["tier"],
                                                                "n": 0, "re_engaged": 0})
            entry["n" if row["figure"] == Figure.REASONS else "re_engaged"] += row["n"]
        return [entry for entry in rows.values() if entry["n"]]

    def _cold_buckets(self) -> dict[int, dict[str, int]]:
        now = self.f.now
        cutoffs = [now - dt.timedelta(days=edge + 1) for edge in queries.COLD_EDGES]
        cut_hours = {_floor_hour(cutoff) for cutoff in cutoffs}
        keys = [f"b{i}" for i in range(len(cutoffs) + 1)]

        def bucket(moment: dt.datetime) -> str:
            return keys[sum(moment <= cutoff for cutoff in cutoffs)]

        out: dict[int, dict[str, int]] = {}

        def add(tier: int, key: str, n: int) -> None:
            counts = out.setdefault(tier, dict.fromkeys([*keys, "never"], 0))
            counts[key] += n

        for row in self._rows([Figure.LAST_TOUCH], each_tier=True).values("tier", "day", "n", "hours"):
            if row["day"] == NO_DAY:
                add(row["tier"], "never", row["n"])
                continue
            midnight = utc_midnight(row["day"])
            first, last = bucket(midnight), bucket(midnight + DAY - dt.timedelta(microseconds=1))
            if first == last and not any(midnight <= hour < midnight + DAY for hour in cut_hours):
                add(row["tier"], first, row["n"])
                continue
            for hour, n in enumerate(row["hours"]):
                start = midnight + hour * HOUR
                if n and start not in cut_hours:
                    add(row["tier"], bucket(start), n)
        # The hours holding a cutoff, read live, each touch on its side of it.
        live = (CheckInSchedule.objects.active().filter(self.f.candidates("candidate__"))
                .annotate(touched=LAST_TOUCH_INDEX_KEY)  # the expression schedule_list_last_touch indexes
                .filter(_live_q("touched", [(hour, hour + HOUR) for hour in cut_hours]))
                .values_list("candidate__tier", "last_touch_at"))
        for tier, moment in live:
            add(tier, bucket(moment), 1)
        return out

    def _team_owned(self) -> dict[int, int]:
        return {row["owner_id"]: row["total"] for row in self._rows([Figure.STAGES], each_owner=True)
                .values("owner_id").annotate(total=Sum("n")) if row["total"]}

    def _team_overdue(self) -> dict[int, int]:
        now = self.f.now.astimezone(dt.UTC)
        parts = Parts(days=(NO_DAY, now.date()), hours=[(now.date(), 0, now.hour)])
        totals = self._summed([Figure.DUE], ("owner_id",), parts, each_owner=True)
        hour = _floor_hour(now)
        live = (CheckInSchedule.objects.active().filter(self.f.candidates("candidate__"))
                .filter(next_due_at__gte=hour, next_due_at__lte=now)
                .values("candidate__owner").annotate(n=Count("id")).order_by())
        out = {owner: n for (owner,), n in totals.items()}
        for row in live:
            out[row["candidate__owner"]] = out.get(row["candidate__owner"], 0) + row["n"]
        return {owner: n for owner, n in out.items() if n}

    # -- events in the period ------------------------------------------------------------

    def _stage_moves(self) -> dict[str, dict[str, int]]:
        names = {Figure.MOVES_ADDED: "added", Figure.MOVES: "moves", Figure.MOVES_FORWARD: "forward",
                 Figure.MOVES_BACKWARD: "backward"}
        out: dict[str, dict[str, int]] = {}
        for (figure, stage), n in self._summed(names, ("figure", "key"), self.parts).items():
            out.setdefault(stage, dict.fromkeys(names.values(), 0))[names[figure]] += n
        live = queries.with_funnel_positions(StageChange.objects.filter(self.f.candidates("candidate__")))
        counts = {name: Count("id", filter=q) for name, q in queries.MOVE_COUNTS.items()}
        for row in self._live_by(live, "changed_at", "to_stage", self.parts.live, **counts):
            entry = out.setdefault(row.pop("to_stage"), dict.fromkeys(names.values(), 0))
            for name, n in row.items():
                entry[name] += n
        return {stage: moves for stage, moves in out.items() if any(moves.values())}

    def _forward_movers(self) -> int:
        """Candidates with a forward move: those of the rolled days, then those seen only live."""
        f, parts, until = self.f, self.parts, self.state.rolled_until
        first = parts.days[0] if parts.days else None
        after = parts.days[1] if parts.days else None
        # Today's row (up to the last refresh) is a whole day of the roll-ups when the period has all of it.
        tail = [day for day, low, high in parts.hours if low == 0 and utc_midnight(day) + high * HOUR >= until]
        if tail and (after is None or after == tail[0]):
            first, after = first or tail[0], tail[0] + DAY
        forward = queries.with_funnel_positions(StageChange.objects.all()).filter(queries.MOVE_COUNTS["forward"])
        live = forward.filter(f.candidates("candidate__"))
        if first is None:
            return live.filter(changed_at__gte=f.start, changed_at__lt=f.end).aggregate(
                n=Count("candidate", distinct=True))["n"]
        rolled_from, rolled_to = utc_midnight(first), min(utc_midnight(after), until)
        rolled = self._rows([Figure.FORWARD_MOVERS]).filter(
            day__gte=first, day__lt=after, prev_day__lt=first).aggregate(n=Sum("n"))["n"] or 0
        in_rolled = forward.filter(candidate=OuterRef("candidate"), changed_at__gte=rolled_from,
                                   changed_at__lt=rolled_to)
        outside = live.filter(_live_q("changed_at", [(f.start, rolled_from), (rolled_to, f.end)]))
        return rolled + outside.exclude(Exists(in_rolled)).aggregate(n=Count("candidate", distinct=True))["n"]

    def _per_owner(self, figure: Figure, events, time_field: str, candidate_field: str) -> dict[int, int]:
        """A team-table column: each recruiter's rows (daily, no hours), partial days live."""
        parts = daily(self.parts, self.state.rolled_until)
        totals = {owner: n for (owner,), n in self._summed([figure], ("owner_id",), parts, each_owner=True).items()}
        for sign, ranges in ((1, parts.live), (-1, parts.minus)):
            for owner, n in self._live_by_owner(events, time_field, candidate_field, ranges).items():
                totals[owner] = totals.get(owner, 0) + sign * n
        return {owner: n for owner, n in totals.items() if n}

    def _live_by_owner(self, events, time_field: str, candidate_field: str, ranges) -> dict[int, int]:
        """Events in the ranges per owner: counted per candidate off the time index, then the
        candidates looked up by key (a join would hash every candidate for a few hours of events)."""
        if not ranges:
            return {}
        per_candidate = dict(events.filter(_live_q(time_field, ranges)).values_list(candidate_field)
                             .annotate(n=Count("id")).order_by())
        out: dict[int, int] = {}
        owners = Candidate.objects.filter(self.f.candidates(), pk__in=list(per_candidate)).values_list("pk", "owner_id")
        for candidate, owner in owners:
            out[owner] = out.get(owner, 0) + per_candidate[candidate]
        return out

    def _team_touches(self) -> dict[int, int]:
        return self._per_owner(Figure.TOUCHES, TouchPoint.objects.all(), "occurred_at", "candidate_id")

    def _team_feedback_shared(self) -> dict[int, int]:
        return self._per_owner(Figure.FEEDBACK_SHARED, Feedback.objects.all(), "shared_at", "interview__candidate_id")

    def _touches_per_week(self) -> dict[tuple[dt.date, str], int]:
        if self.owner:
            # Kinds are rolled up for the whole team only: one recruiter's 12 weeks are read from their book.
            return queries.touches_per_week(self.f)
        start, _ = queries.activity_window(self.f, queries.ACTIVITY_WEEKS)
        mondays = queries.activity_mondays(self.f)
        weeks = [(monday, queries.local_midnight(monday), queries.local_midnight(monday + dt.timedelta(weeks=1)))
                 for monday in mondays]
        out: dict[tuple[dt.date, str], int] = {}
        wanted = {}
        live_ranges = []
        for monday, low, high in weeks:
            parts = split(low, high, self.state.rolled_until)
            wanted[monday] = parts
            live_ranges += [(monday, r) for r in parts.live]
        span = [day for parts in wanted.values() for day in ([*parts.days] if parts.days else [])]
        span += [day for parts in wanted.values() for day, _, _ in parts.hours]
        if span:
            rows = list(self._rows([Figure.TOUCH_KINDS]).filter(day__gte=min(span), day__lte=max(span))
                        .values_list("day", "key", "n", "hours"))
            for monday, parts in wanted.items():
                partial = {day: (first, after) for day, first, after in parts.hours}
                for day, kind, n, hours in rows:
                    if parts.days and parts.days[0] <= day < parts.days[1]:
                        value = n
                    elif day in partial:
                        value = sum(hours[partial[day][0]:partial[day][1]])
                    else:
                        continue
                    if value:
                        out[(monday, kind)] = out.get((monday, kind), 0) + value
        if live_ranges:
            # Minutes of touch points (off-hour midnights, since the last refresh): read as rows off
            # the time index, their candidates' tier looked up by key rather than by a join.
            rows = list(TouchPoint.objects.filter(_live_q("occurred_at", [r for _, r in live_ranges]))
                        .values_list("occurred_at", "candidate_id", "kind"))
            if self.tier:
                wanted = set(Candidate.objects.filter(pk__in={row[1] for row in rows}, tier=self.tier)
                             .values_list("pk", flat=True))
                rows = [row for row in rows if row[1] in wanted]
            ordered = sorted(live_ranges, key=lambda entry: entry[1][0])
            lows = [low for _, (low, _) in ordered]
            for moment, _, kind in rows:
                # The ranges do not overlap: the one starting last at or before the moment holds it.
                monday = ordered[bisect.bisect_right(lows, moment) - 1][0]
                out[(monday, kind)] = out.get((monday, kind), 0) + 1
        return out

    # -- interviews in the period (by date) ------------------------------------------------

    def _dates(self) -> tuple[dt.date, dt.date, dt.date]:
        """First day, the first day read live (after the rolled ones), and the day after the last."""
        first, after = self.f.first_day, self.f.last_day + DAY
        return first, min(max(self.state.rolled_until.astimezone(dt.UTC).date(), first), after), after

    def _feedback_coverage(self) -> dict[str, int]:
        first, live_from, after = self._dates()
        out = {"interviews": 0, "interviews_shared": 0, "candidates": 0, "candidates_shared": 0}
        if first < live_from:
            rows = self._rows([Figure.INTERVIEWS, Figure.INTERVIEWS_SHARED, Figure.INTERVIEWEES,
                               Figure.INTERVIEWEES_SHARED]).filter(day__gte=first, day__lt=live_from)
            names = {Figure.INTERVIEWS: "interviews", Figure.INTERVIEWS_SHARED: "interviews_shared",
                     Figure.INTERVIEWEES: "candidates", Figure.INTERVIEWEES_SHARED: "candidates_shared"}
            chained = Q(figure__in=[Figure.INTERVIEWEES, Figure.INTERVIEWEES_SHARED])
            for row in rows.exclude(chained & Q(prev_day__gte=first)).values("figure").annotate(total=Sum("n")):
                out[names[row["figure"]]] += row["total"]
        if live_from < after:
            shared = queries.shared_feedback_exists()
            earlier = Interview.objects.filter(candidate=OuterRef("candidate"), occurred_on__gte=first,
                                               occurred_on__lt=live_from)
            live = (Interview.objects.filter(self.f.candidates("candidate__"), occurred_on__gte=live_from,
                                             occurred_on__lt=after)
                    .annotate(shared=shared, seen=Exists(earlier),
                              seen_shared=Exists(earlier.annotate(shared=shared).filter(shared=True))))
            counts = live.aggregate(
                interviews=Count("id"), interviews_shared=Count("id", filter=Q(shared=True)),
                candidates=Count("candidate", distinct=True, filter=Q(seen=False)),
                candidates_shared=Count("candidate", distinct=True, filter=Q(shared=True, seen_shared=False)),
            )
            for name, n in counts.items():
                out[name] += n
        return out

    def _feedback_delays(self) -> dict[int, int]:
        first, live_from, after = self._dates()
        out: dict[int, int] = {}
        if first < live_from:
            for row in (self._rows([Figure.FEEDBACK_DELAYS]).filter(day__gte=first, day__lt=live_from)
                        .values("key").annotate(total=Sum("n"))):
                out[int(row["key"])] = out.get(int(row["key"]), 0) + row["total"]
        if live_from < after:
            interviews = Interview.objects.filter(self.f.candidates("candidate__"), occurred_on__gte=live_from,
                                                  occurred_on__lt=after)
            rows = (queries.with_first_shared(interviews).annotate(delay=queries.feedback_delay(queries.site_zone()))
                    .values("delay").annotate(n=Count("id")).order_by())
            for days, n in queries.delay_histogram(rows).items():
                out[days] = out.get(days, 0) + n
        return out


def dashboard_figures(f: DashboardFilters) -> RolledFigures | LiveFigures:
    """What the page draws from: the roll-ups once they exist, the live queries otherwise (SQLite, a new install)."""
    state = DashboardRollupState.objects.first()  # never written on SQLite
    return RolledFigures(f, state) if state else LiveFigures(f)
