"""What each row of the candidates table shows, worked out once in Python.

The table prints 25 rows of nine cells. Resolved in the template, every label (tier, stage,
reason), owner name, link and date filter was looked up node by node, and the rows were most
of the page's time. Here each translated label, URL pattern and the timezone are resolved once
per page, and the row template prints the strings (as My check-ins' rows do).
"""
import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from .choices import GotAwayReason, Stage, Tier
from .dates import DateLabels
from .models import Candidate
from .querysets import is_overdue

# Skills shown as tags; the rest are counted ("+3 more").
SKILLS_SHOWN = 4


@dataclass(frozen=True, slots=True)
class DueDate:
    iso: str
    label: str  # "5 Mar 2026"


@dataclass(frozen=True, slots=True)
class CandidateRow:
    candidate: Candidate
    pk: int
    name: str
    url: str
    do_not_contact: bool
    headline: str
    skills: list[str]  # the first SKILLS_SHOWN
    more_skills: int  # how many more there are
    tier: int
    tier_label: str
    stage_label: str
    reason_label: str  # "—" when none was recorded
    current_role: str  # "—" when unknown
    owner_name: str
    last_touch: DueDate | None
    last_touch_title: str  # "5 Mar 2026, 09:30"
    check_ins_off: bool
    next_due: DueDate | None
    overdue: bool
    paused: bool


def _labels(choices) -> dict:
    return {value: str(label) for value, label in choices}


def candidate_rows(candidates: list[Candidate], *, now: dt.datetime) -> list[CandidateRow]:
    """One row per candidate, loaded with their owner and schedule (Candidate.objects.for_list())."""
    marker = 987654321
    url_before, url_after = reverse("candidates:detail", args=[marker]).split(str(marker))
    tiers, stages, reasons = _labels(Tier.choices), _labels(Stage.choices), _labels(GotAwayReason.choices)
    days, tz = DateLabels(), timezone.get_current_timezone()
    rows = []
    for candidate in candidates:
        schedule = getattr(candidate, "schedule", None)
        last = schedule.last_touch_at.astimezone(tz) if schedule and schedule.last_touch_at else None
        due = schedule.next_due_at.astimezone(tz) if schedule and schedule.next_due_at else None
        skills = candidate.skill_list
        owner = candidate.owner
        reason = candidate.got_away_reason
        rows.append(CandidateRow(
            candidate=candidate,
            pk=candidate.pk,
            name=candidate.full_name,
            url=f"{url_before}{candidate.pk}{url_after}",
            do_not_contact=candidate.do_not_contact,
            headline=candidate.headline,
            skills=skills[:SKILLS_SHOWN],
            more_skills=max(0, len(skills) - SKILLS_SHOWN),
            tier=candidate.tier,
            tier_label=tiers.get(candidate.tier, str(candidate.tier)),
            stage_label=stages.get(candidate.stage, candidate.stage),
            reason_label=(reasons.get(reason, reason) if reason else "") or "—",
            current_role=candidate.current_role or "—",
            owner_name=owner.get_full_name() or owner.username,
            last_touch=DueDate(last.isoformat(), days.long(last)) if last else None,
            last_touch_title=days.with_time(last) if last else "",
            check_ins_off=not candidate.accepts_check_ins,
            next_due=DueDate(due.isoformat(), days.long(due)) if due else None,
            overdue=is_overdue(candidate, now),
            paused=bool(schedule and schedule.paused),
        ))
    return rows
