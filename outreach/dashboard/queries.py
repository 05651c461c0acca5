"""Every number on the manager dashboard, as SQL aggregates.

Each function runs one query whatever the data size and returns a handful of
aggregate rows; nothing here loops over candidates or touch points. All of them
take the dashboard filters, so the recruiter and tier filters mean the same
thing everywhere: "candidates owned by this recruiter, in this tier".

The page reads the same figures from the roll-ups (rolled.py) once they exist; these
queries are what the roll-ups are tested against, and what a SQLite install runs.
"""
import datetime as dt
import zoneinfo

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone

from candidates.choices import STAGE_FUNNEL, Tier
from candidates.models import Candidate, Feedback, Interview, StageChange

from ..models import CheckInSchedule, TouchPoint
from .filters import DashboardFilters, local_midnight
from .rollup_codes import MAX_DELAY_DAYS

# A candidate "re-engaged" once they reach any of these stages.
RE_ENGAGED_STAGES = STAGE_FUNNEL[2:]

# Upper edges (in whole days since the last touch) of the going-cold buckets.
COLD_EDGES = [30, 60, 90, 180]
# Weeks shown in the touch points per week chart.
ACTIVITY_WEEKS = 12


def funnel_position(field: str) -> Case:
    """Position of a stage along STAGE_FUNNEL; NULL for exits and for "" (the row that created the candidate)."""
    return Case(
        *[When(**{field: stage}, then=Value(i)) for i, stage in enumerate(STAGE_FUNNEL)],
        default=None,
        output_field=IntegerField(),
    )


def stage_counts(f: DashboardFilters) -> dict[str, int]:
    """Candidates in each stage right now."""
    rows = Candidate.objects.filter(f.candidates()).values("stage").annotate(n=Count("id")).order_by()
    return {row["stage"]: row["n"] for row in rows}


def _stage_changes_in_period(f: DashboardFilters):
    return with_funnel_positions(
        StageChange.objects.filter(f.candidates("candidate__"), changed_at__gte=f.start, changed_at__lt=f.end)
    )


def with_funnel_positions(stage_changes):
    return stage_changes.annotate(from_pos=funnel_position("from_stage"), to_pos=funnel_position("to_stage"))


# What stage_moves counts, per destination stage.
MOVE_COUNTS = {
    "added": Q(from_stage=""),
    "moves": ~Q(from_stage=""),
    "forward": Q(to_pos__gt=F("from_pos")),
    "backward": Q(to_pos__lt=F("from_pos")),
}


def stage_moves(f: DashboardFilters) -> dict[str, dict[str, int]]:
    """Per destination stage, stage changes in the period: added, forward, backward and all moves."""
    rows = (
        _stage_changes_in_period(f)
        .values("to_stage")
        .annotate(**{name: Count("id", filter=q) for name, q in MOVE_COUNTS.items()})
        .order_by()
    )
    return moves_by_stage(list(rows))


def moves_by_stage(rows) -> dict[str, dict[str, int]]:
    return {row.pop("to_stage"): row for row in rows}


def forward_movers(f: DashboardFilters) -> int:
    """Distinct candidates who moved forward along the funnel at least once in the period."""
    return (
        _stage_changes_in_period(f).filter(MOVE_COUNTS["forward"]).aggregate(n=Count("candidate", distinct=True))["n"]
    )


def reasons_by_tier(f: DashboardFilters) -> list[dict]:
    """Per (got-away reason, tier): how many candidates, and how many have re-engaged since."""
    return list(
        Candidate.objects.filter(f.candidates())
        .values("got_away_reason", "tier")
        .annotate(n=Count("id"), re_engaged=Count("id", filter=Q(stage__in=RE_ENGAGED_STAGES)))
        .order_by()
    )


def cold_buckets(f: DashboardFilters) -> dict[int, dict[str, int]]:
    """Per tier, active check-ins by whole days since the last touch; never touched is its own bucket."""
    # A touch is "d days ago" while now - touch < d + 1 days, so bucket edges sit one day past each label.
    cutoffs = [f.now - dt.timedelta(days=edge + 1) for edge in COLD_EDGES]
    counts, lower = {}, None
    for i, cutoff in enumerate(cutoffs):
        q = Q(last_touch_at__gt=cutoff)
        if lower is not None:
            q &= Q(last_touch_at__lte=lower)
        counts[f"b{i}"] = Count("id", filter=q)
        lower = cutoff
    counts[f"b{len(cutoffs)}"] = Count("id", filter=Q(last_touch_at__lte=lower))
    counts["never"] = Count("id", filter=Q(last_touch_at__isnull=True))
    rows = (
        CheckInSchedule.objects.active().filter(f.candidates("candidate__"))
        .values("candidate__tier")
        .annotate(**counts)
        .order_by()
    )
    return {row.pop("candidate__tier"): row for row in rows}


def overdue_longest(f: DashboardFilters, *, limit: int = 12) -> list[CheckInSchedule]:
    """The candidates in the chosen tier (top tier by default) whose check-in is most overdue."""
    return list(
        CheckInSchedule.objects.overdue(f.now)
        # The schedule's own copies of the owner and tier: one index range, walked in due order.
        .filter(f.candidates(), tier=f.tier or Tier.TOP)
        .with_candidate()
        .order_by("next_due_at", "pk")[:limit]
    )


def by_owner(owner_field: str):
    """The shape of the team figures: {owner id: n}."""
    return lambda rows: {row[owner_field]: row["n"] for row in rows}


def team_owned(f: DashboardFilters) -> dict[int, int]:
    rows = Candidate.objects.filter(f.candidates()).values("owner").annotate(n=Count("id")).order_by()
    return by_owner("owner")(rows)


def team_overdue(f: DashboardFilters) -> dict[int, int]:
    rows = (
        CheckInSchedule.objects.overdue(f.now).filter(f.candidates("candidate__"))
        .values("candidate__owner")
        .annotate(n=Count("id"))
        .order_by()
    )
    return by_owner("candidate__owner")(rows)


def team_touches(f: DashboardFilters) -> dict[int, int]:
    """Touch points in the period on each recruiter's candidates."""
    rows = (
        TouchPoint.objects.between(f.start, f.end).filter(f.candidates("candidate__"))
        .values("candidate__owner")
        .annotate(n=Count("id"))
        .order_by()
    )
    return by_owner("candidate__owner")(rows)


def team_feedback_shared(f: DashboardFilters) -> dict[int, int]:
    """Feedback notes shared in the period with each recruiter's candidates."""
    rows = (
        Feedback.objects.filter(f.candidates("interview__candidate__"), shared_at__gte=f.start, shared_at__lt=f.end)
        .values("interview__candidate__owner")
        .annotate(n=Count("id"))
        .order_by()
    )
    return by_owner("interview__candidate__owner")(rows)


def activity_window(f: DashboardFilters, weeks: int) -> tuple[dt.datetime, dt.datetime]:
    """Monday 00:00 (viewer's time) of the first of the last `weeks` weeks, and of the week after this one."""
    today = timezone.localdate(f.now)
    this_monday = today - dt.timedelta(days=today.weekday())
    first = this_monday - dt.timedelta(weeks=weeks - 1)
    return local_midnight(first), local_midnight(this_monday + dt.timedelta(weeks=1))


def activity_mondays(f: DashboardFilters) -> list[dt.date]:
    """The Mondays starting the weeks of the activity chart, oldest first."""
    start, _ = activity_window(f, ACTIVITY_WEEKS)
    return [start.date() + dt.timedelta(weeks=i) for i in range(ACTIVITY_WEEKS)]


def touches_per_week(f: DashboardFilters, weeks: int = ACTIVITY_WEEKS) -> dict[tuple[dt.date, str], int]:
    """Touch points per (week starting Monday, kind), over the last `weeks` weeks."""
    start, end = activity_window(f, weeks)
    rows = (
        TouchPoint.objects.between(start, end).filter(f.candidates("candidate__"))
        .annotate(week=TruncWeek("occurred_at", tzinfo=timezone.get_current_timezone()))
        .values("week", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(_as_date(row["week"]), row["kind"]): row["n"] for row in rows}


def _as_date(value) -> dt.date:
    return timezone.localtime(value).date() if isinstance(value, dt.datetime) else value


def _interviews_in_period(f: DashboardFilters):
    return Interview.objects.filter(
        f.candidates("candidate__"), occurred_on__gte=f.first_day, occurred_on__lte=f.last_day
    )


def shared_feedback_exists() -> Exists:
    # EXISTS rather than a join: an interview with several scorecards must still count once.
    return Exists(Feedback.objects.filter(interview=OuterRef("pk"), shared_at__isnull=False))


def feedback_coverage(f: DashboardFilters) -> dict[str, int]:
    """Of the candidates interviewed in the period, how many have had feedback shared on those interviews."""
    return _interviews_in_period(f).annotate(shared=shared_feedback_exists()).aggregate(
        interviews=Count("id"),
        interviews_shared=Count("id", filter=Q(shared=True)),
        candidates=Count("candidate", distinct=True),
        candidates_shared=Count("candidate", distinct=True, filter=Q(shared=True)),
    )


def with_first_shared(interviews):
    """The interviews with feedback shared, each with when the first scorecard was shared."""
    first_shared = (
        Feedback.objects.filter(interview=OuterRef("pk"), shared_at__isnull=False)
        .order_by("shared_at")
        .values("shared_at")[:1]
    )
    return interviews.annotate(first_shared=Subquery(first_shared)).filter(first_shared__isnull=False)


def feedback_delay(tzinfo) -> ExpressionWrapper:
    """Days from the interview to the first feedback shared, counting the days of a timezone."""
    return ExpressionWrapper(TruncDate("first_shared", tzinfo=tzinfo) - F("occurred_on"), output_field=DurationField())


def site_zone() -> zoneinfo.ZoneInfo:
    """Days to feedback count the team's days (TIME_ZONE), so every viewer sees the same turnaround."""
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def feedback_delays(f: DashboardFilters) -> dict[int, int]:
    """How many interviews (in the period) had feedback first shared N days after the interview (31: or more)."""
    rows = (
        with_first_shared(_interviews_in_period(f))
        .annotate(delay=feedback_delay(site_zone()))
        .values("delay")
        .annotate(n=Count("id"))
        .order_by()
    )
    return delay_histogram(rows)


def delay_histogram(rows) -> dict[int, int]:
    delays: dict[int, int] = {}
    for row in rows:
        # Shared "before" the interview is a data-entry slip; count it as same day.
        days = min(max(row["delay"].days, 0), MAX_DELAY_DAYS)
        delays[days] = delays.get(days, 0) + row["n"]
    return delays
