"""What the team is doing: per-recruiter numbers, touch points per week, feedback given."""
from django.utils.http import urlencode

from ..choices import TouchKind
from . import charts, queries
from .figures import Section, candidate_list_url, percent
from .filters import DEFAULT_TEAM_SORT, TEAM_SORTS, DashboardFilters, display_name
from .sources import LiveFigures
from .tables import Link, Table

ACTIVITY_WEEKS = queries.ACTIVITY_WEEKS
# Team rows on the page unless "show all" is asked for (the CSV always has everyone): a
# 500-recruiter team would otherwise be 2,000 links rendered on every view.
TEAM_ROWS = 25
# (label, first day, last day or None for open-ended) of the time-to-feedback histogram.
DELAY_BUCKETS = [("Same day", 0, 0), ("1–3 days", 1, 3), ("4–7 days", 4, 7), ("8–14 days", 8, 14),
                 ("15–30 days", 15, 30), ("Over 30 days", 31, None)]


def team(f: DashboardFilters, data=None) -> Section:
    data = data or LiveFigures(f)
    owned, overdue = data.team_owned, data.team_overdue
    touches, shared = data.team_touches, data.team_feedback_shared
    members = [f.recruiter] if f.recruiter else f.members
    rows = []
    for member in members:
        numbers = {key: source.get(member.pk, 0) for key, source in
                   (("owned", owned), ("overdue", overdue), ("touches", touches), ("feedback", shared))}
        # Managers and admins who own nothing and did nothing would only add rows of zeros.
        if any(numbers.values()) or f.recruiter:
            rows.append({"member": member, "name": display_name(member), **numbers})
    key = f.team_sort.lstrip("-")
    descending = f.team_sort.startswith("-")
    rows.sort(key=lambda r: r["name"].lower())  # ties stay in name order: sort() is stable
    rows.sort(key=lambda r: r["name"].lower() if key == "name" else r[key], reverse=descending)

    table = Table("team", "Team", list(TEAM_SORTS.values()))
    table.columns[3] += f" ({f.period_label})"
    table.columns[4] += f" ({f.period_label})"
    for i, r in enumerate(rows):
        pk = r["member"].pk
        if i >= TEAM_ROWS and not f.team_all:
            # Not on the page (the CSV keeps only the numbers), so no links to build.
            table.rows.append([r["name"], r["owned"], r["overdue"], r["touches"], r["feedback"]])
            continue
        table.rows.append([
            r["name"],
            Link(r["owned"], candidate_list_url(f, owner=pk)),
            Link(r["overdue"], candidate_list_url(f, owner=pk, overdue=1)),
            Link(r["touches"], candidate_list_url(f, owner=pk, sort="last_touch")),
            Link(r["feedback"], candidate_list_url(f, owner=pk)),
        ])
    table.footnote = (
        "Counts are for each recruiter's own candidates. Team members with no candidates and no activity "
        "in the period are not listed."
    )
    section = Section(tables={"team": table})
    section.facts = {
        "rows_shown": table.rows if f.team_all else table.rows[:TEAM_ROWS],
        "team_rows": TEAM_ROWS,
        "more_rows": len(table.rows) > TEAM_ROWS,
        "show_all_href": f"?{urlencode(f.params(team='all'))}#team",
        "show_fewer_href": f"?{urlencode(f.params(team=None))}#team",
        "sort_links": _sort_links(f),
        "overdue_total": sum(overdue.values()),
        "touches_total": sum(touches.values()),
    }
    return section


def _sort_links(f: DashboardFilters) -> list[dict]:
    """Header links: a click sorts by that column, a second click flips the direction."""
    links = []
    for key, label in TEAM_SORTS.items():
        current = f.team_sort.lstrip("-") == key
        # Numbers sort biggest first on the first click, names A to Z.
        target = key if key == "name" else f"-{key}"
        if current:
            target = key if f.team_sort.startswith("-") else f"-{key}"
        params = f.params(sort=None if target == DEFAULT_TEAM_SORT else target)
        direction = ("descending" if f.team_sort.startswith("-") else "ascending") if current else ""
        links.append({"label": label, "href": f"?{urlencode(params)}#team", "direction": direction})
    return links


def activity(f: DashboardFilters, data=None) -> Section:
    counts = (data or LiveFigures(f)).touches_per_week
    weeks = queries.activity_mondays(f)
    kinds = list(TouchKind)
    table = Table("activity", "Touch points per week", ["Week starting", *[k.label for k in kinds], "Total"])
    for week in weeks:
        values = [counts.get((week, kind.value), 0) for kind in kinds]
        table.rows.append([week.isoformat(), *values, sum(values)])
    table.footnote = "Last 12 weeks (Monday to Sunday, your timezone); the period filter does not apply."
    series = [
        charts.Series(kind.label, f"chart-kind-{kind.value}", [counts.get((w, kind.value), 0) for w in weeks])
        for kind in kinds
    ]
    shown = [s for s in series if any(s.values)] or series[:1]
    section = Section(tables={"activity": table})
    section.charts["activity"] = charts.columns(
        [f"{w:%-d %b}" for w in weeks], shown, label="Touch points per week for the last 12 weeks, by kind",
        width=1100, plot_h=240,
    )
    total = sum(counts.values())
    section.facts = {"total": total, "per_week": round(total / ACTIVITY_WEEKS, 1)}
    return section


def feedback(f: DashboardFilters, data=None) -> Section:
    data = data or LiveFigures(f)
    coverage, delays = data.feedback_coverage, data.feedback_delays
    share = percent(coverage["candidates_shared"], coverage["candidates"])
    median, mean = _median(delays), _mean(delays)

    summary = Table("feedback", f"Feedback given ({f.period_label})", ["Measure", "Value"])
    summary.rows = [
        ["Interviews in the period", coverage["interviews"]],
        ["Candidates interviewed", coverage["candidates"]],
        ["Candidates who received feedback", coverage["candidates_shared"]],
        ["Share who received feedback (%)", share],
        ["Interviews with feedback shared", coverage["interviews_shared"]],
        ["Median days from interview to feedback", median],
        ["Average days from interview to feedback", mean],
    ]
    summary.footnote = (
        "Interviews dated in the period; feedback counts once shared with the candidate. "
        "Days run from the interview date to the first feedback shared on it."
    )
    histogram = Table("feedback_delays", "Days from interview to feedback", ["Days to feedback", "Interviews"])
    buckets = [sum(n for d, n in delays.items() if lo <= d and (hi is None or d <= hi)) for _, lo, hi in DELAY_BUCKETS]
    histogram.rows = [[label, n] for (label, _, _), n in zip(DELAY_BUCKETS, buckets, strict=True)]

    section = Section(tables={"feedback": summary, "feedback_delays": histogram})
    section.charts["share"] = charts.meter(
        share, label="Share of interviewed candidates who received feedback", caption="got feedback"
    )
    section.charts["delays"] = charts.columns(
        ["Same day", "1–3", "4–7", "8–14", "15–30", "30+"], [charts.Series("Interviews", "chart-good", buckets)],
        label="Interviews by days from interview to feedback",
        bar_css=[f"chart-delay-{i}" for i in range(len(DELAY_BUCKETS))], width=460, plot_h=150,
    )
    section.facts = {"share": share, "median": median, "mean": mean, **coverage}
    return section


def _median(histogram: dict[int, int]) -> float | None:
    """Median of a {value: count} histogram, without expanding it into one item per interview."""
    total = sum(histogram.values())
    if not total:
        return None
    middle = [(total - 1) // 2, total // 2]  # the two middle positions (equal when total is odd)
    found, seen = [], 0
    for value in sorted(histogram):
        count = histogram[value]
        found += [value for pos in middle if seen <= pos < seen + count]
        seen += count
    return sum(found) / 2


def _mean(histogram: dict[int, int]) -> float | None:
    total = sum(histogram.values())
    return round(sum(v * n for v, n in histogram.items()) / total, 1) if total else None
