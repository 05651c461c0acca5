"""Where the pipeline stands: the funnel, why candidates got away, and who is going cold.

Each builder turns a few aggregate rows into a Section: the tables (also served
as CSV) and the SVG charts drawn from them. The rows come from `data`: live
queries (queries.py) or the latest snapshot of them (sources.py). The Python
here loops over aggregate rows only, never over candidates.
"""
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.safestring import SafeString

from candidates.choices import INACTIVE_STAGES, STAGE_FUNNEL, GotAwayReason, Stage, Tier

from . import charts, queries
from .filters import DashboardFilters, display_name
from .sources import LiveFigures
from .tables import Link, Table

COLD_LABELS = ["0–30 days", "31–60 days", "61–90 days", "91–180 days", "Over 180 days", "Never touched"]
NOT_RECORDED = "Not recorded"


@dataclass
class Section:
    tables: dict[str, Table] = field(default_factory=dict)
    charts: dict[str, SafeString] = field(default_factory=dict)
    facts: dict = field(default_factory=dict)


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def candidate_list_url(f: DashboardFilters, **params) -> str:
    """The candidate list, filtered to match a number on the dashboard (tier and recruiter carried over)."""
    if f.recruiter and "owner" not in params:
        params["owner"] = f.recruiter.pk
    return f"{f.list_path}?{f.list_params(**params)}"


def pipeline(f: DashboardFilters, data=None) -> Section:
    data = data or LiveFigures(f)
    now, moves, movers = data.stage_counts, data.stage_moves, data.forward_movers

    # "Reached" = now at this stage or further along, so each step of the funnel contains the next.
    here = [now.get(stage, 0) for stage in STAGE_FUNNEL]
    reached = [sum(here[i:]) for i in range(len(here))]
    conversions = [None] + [percent(reached[i], reached[i - 1]) for i in range(1, len(reached))]
    table = Table(
        "pipeline", "Pipeline by stage",
        ["Stage", "Now", "Reached (this stage or beyond)", "Conversion (%)", f"Moved forward into ({f.period_label})"],
    )
    for i, stage in enumerate(STAGE_FUNNEL):
        table.rows.append([
            Stage(stage).label, Link(here[i], candidate_list_url(f, stage=stage)), reached[i], conversions[i],
            moves.get(stage, {}).get("forward", 0),
        ])
    for stage in INACTIVE_STAGES:
        table.rows.append([
            f"{Stage(stage).label} (exit)", Link(now.get(stage, 0), candidate_list_url(f, stage=stage)),
            None, None, None,
        ])
    table.footnote = (
        "Conversion = candidates who reached this stage or beyond ÷ those who reached the previous one. "
        "Forward moves count stage changes to a later funnel stage during the period; exits are not funnel steps."
    )
    section = Section(tables={"pipeline": table})
    section.charts["funnel"] = charts.funnel(
        [(Stage(s).label, reached[i]) for i, s in enumerate(STAGE_FUNNEL)], conversions,
        label="Pipeline funnel: candidates who reached each stage or beyond",
    )
    section.facts = {
        "in_pipeline": reached[0],
        "re_engaged": reached[2],
        "re_engaged_share": percent(reached[2], reached[0]),
        "left": sum(now.get(s, 0) for s in INACTIVE_STAGES),
        "movers": movers,
        "forward_moves": sum(m["forward"] for m in moves.values()),
        "backward_moves": sum(m["backward"] for m in moves.values()),
        "exits": sum(moves.get(s, {}).get("moves", 0) for s in INACTIVE_STAGES),
        "added": sum(m["added"] for m in moves.values()),
    }
    return section


def reasons(f: DashboardFilters, data=None) -> Section:
    data = data or LiveFigures(f)
    labels = dict(GotAwayReason.choices)
    by_reason: dict[str, dict] = {}
    for row in data.reasons_by_tier:
        entry = by_reason.setdefault(row["got_away_reason"], {"tiers": dict.fromkeys(Tier.values, 0), "re": 0})
        entry["tiers"][row["tier"]] += row["n"]
        entry["re"] += row["re_engaged"]
    for code, entry in by_reason.items():
        entry["name"] = labels.get(code, NOT_RECORDED)
        entry["total"] = sum(entry["tiers"].values())
        entry["rate"] = percent(entry["re"], entry["total"])
    # Biggest reason first; "not recorded" last among equals, then by code (whatever order the rows came in).
    ordered = sorted(by_reason.items(), key=lambda item: (-item[1]["total"], item[0] == "", item[0]))

    table = Table(
        "reasons", "Why they got away",
        ["Got-away reason", *[Tier(t).label for t in Tier.values], "Total", "Re-engaged since", "Re-engaged (%)"],
    )
    for code, e in ordered:
        if code:
            tiers = [Link(n, candidate_list_url(f, reason=code, tier=t)) for t, n in e["tiers"].items()]
            total = Link(e["total"], candidate_list_url(f, reason=code))
        else:
            tiers, total = list(e["tiers"].values()), e["total"]
        table.rows.append([e["name"], *tiers, total, e["re"], e["rate"]])
    table.footnote = "Re-engaged = now re-engaged, interviewing or rehired."

    entries = [e for _, e in ordered]
    series = [
        charts.Series(Tier(t).label, f"chart-tier-{t}", [e["tiers"][t] for e in entries])
        for t in Tier.values
        if not f.tier or f.tier == t
    ]
    by_rate = sorted(entries, key=lambda e: -(e["rate"] or 0))
    section = Section(tables={"reasons": table})
    section.charts["by_tier"] = charts.hbars(
        [e["name"] for e in entries], series, label="Candidates per got-away reason, split by tier"
    )
    section.charts["re_engage"] = charts.hbars(
        [e["name"] for e in by_rate],
        [charts.Series("Re-engaged", "chart-good", [e["rate"] or 0 for e in by_rate])],
        label="Share of candidates per got-away reason who have re-engaged", suffix="%", max_value=100,
        annotations=[f"{e['rate'] or 0:.0f}% ({e['re']} of {e['total']})" for e in by_rate],
    )
    if by_rate and by_rate[0]["rate"]:
        section.facts = {"best_reason": by_rate[0]["name"], "best_rate": by_rate[0]["rate"]}
    return section


def going_cold(f: DashboardFilters, data=None) -> Section:
    by_tier = (data or LiveFigures(f)).cold_buckets
    keys = [f"b{i}" for i in range(len(COLD_LABELS) - 1)] + ["never"]
    tiers = [t for t in Tier.values if not f.tier or f.tier == t]
    counts = {t: [by_tier.get(t, {}).get(key, 0) for key in keys] for t in tiers}
    totals = [sum(counts[t][i] for t in tiers) for i in range(len(keys))]
    table = Table("cold", "Days since last touch", ["Days since last touch", *[Tier(t).label for t in tiers], "Total"])
    table.rows = [[label, *[counts[t][i] for t in tiers], totals[i]] for i, label in enumerate(COLD_LABELS)]
    table.footnote = (
        "Active check-ins only (not paused, still contactable). Candidates never touched are their own bucket, "
        "whatever their age."
    )
    section = Section(tables={"cold": table})
    section.charts["cold"] = charts.columns(
        ["0–30 days", "31–60", "61–90", "91–180", "Over 180", "Never"],
        [charts.Series(Tier(t).label, f"chart-tier-{t}", counts[t]) for t in tiers],
        label="Candidates by days since last touch, split by tier", plot_h=200,
    )
    section.facts = {"cold_90": totals[3] + totals[4], "never": totals[5], "active": sum(totals)}
    return section


def overdue(f: DashboardFilters, data=None) -> Section:
    """The longest-overdue check-ins in the chosen tier; the top tier unless a tier is picked.

    Always live, even when the rest of the page reads a snapshot: an index walk to 12 rows.
    """
    tier = Tier(f.tier or Tier.TOP)
    schedules = queries.overdue_longest(f)
    table = Table(
        "overdue", f"{tier.label}-tier candidates overdue longest",
        ["Candidate", "Owner", "Stage", "Days overdue", "Last touch", "Got-away reason"],
        text_columns=(0, 1, 2, 5),
    )
    for schedule in schedules:
        c = schedule.candidate
        last = timezone.localdate(schedule.last_touch_at).isoformat() if schedule.last_touch_at else "Never"
        table.rows.append([
            Link(c.full_name, c.get_absolute_url()), display_name(c.owner), c.get_stage_display(),
            schedule.days_overdue(f.now), last, c.get_got_away_reason_display() or NOT_RECORDED,
        ])
    table.footnote = "Most overdue first; days since the check-in was due."
    facts = {"tier_label": tier.label, "all_url": candidate_list_url(f, tier=tier.value, overdue=1, sort="next_due")}
    return Section(tables={"overdue": table}, facts=facts)
