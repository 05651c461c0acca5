"""Where the dashboard's numbers come from: the live aggregate queries, or a stored snapshot of them.

Both hold the same attributes, named after the functions in queries.py and holding
what those return for the filters in view, so the section builders (figures.py,
activity.py) cannot tell one from the other and draw the same page from either.
"""
import datetime as dt

from . import queries
from .filters import DashboardFilters

# The figures a snapshot stores: every query except the longest-overdue list, which
# walks an index to 12 rows and stays live.
FIELDS = (
    "stage_counts", "stage_moves", "forward_movers", "reasons_by_tier", "cold_buckets",
    "team_owned", "team_overdue", "team_touches", "team_feedback_shared",
    "touches_per_week", "feedback_coverage", "feedback_delays",
)
# Figures that describe the pipeline as it stands, whatever the period or timezone.
CURRENT_FIELDS = ("stage_counts", "reasons_by_tier", "cold_buckets", "team_owned", "team_overdue")
# JSON object keys are strings; these figures are keyed by owner id, tier or days.
_INT_KEYED = ("cold_buckets", "team_owned", "team_overdue", "team_touches", "team_feedback_shared", "feedback_delays")


class LiveFigures:
    """Runs each query the first time a builder asks for it (a CSV download needs only its own)."""

    as_of = None

    def __init__(self, f: DashboardFilters):
        self._filters = f

    def __getattr__(self, name: str):
        if name not in FIELDS:
            raise AttributeError(name)
        value = getattr(queries, name)(self._filters)
        setattr(self, name, value)
        return value


class StoredFigures:
    """A snapshot's figures, read back from JSON; as_of is when the refresh job computed them."""

    def __init__(self, values: dict, as_of: dt.datetime):
        self.__dict__.update(values)
        self.as_of = as_of


def empty_figures() -> dict:
    """What the queries return when no candidate matches."""
    values = {name: {} for name in FIELDS}
    values |= {"forward_movers": 0, "reasons_by_tier": [],
               "feedback_coverage": {"interviews": 0, "interviews_shared": 0, "candidates": 0, "candidates_shared": 0}}
    return values


def figures_to_json(values: dict) -> dict:
    """Any of the figures, JSON-ready: string keys, and the weekly counts as {Monday: {kind: n}}."""
    data = dict(values)
    for name in _INT_KEYED:
        if name in values:
            data[name] = {str(key): value for key, value in values[name].items()}
    if "touches_per_week" in values:
        weeks: dict[dt.date, dict] = {}
        for (week, kind), n in values["touches_per_week"].items():
            weeks.setdefault(week, {})[kind] = n
        data["touches_per_week"] = {week.isoformat(): kinds for week, kinds in weeks.items()}
    return data


def figures_from_json(data: dict) -> dict:
    values = dict(data)
    for name in _INT_KEYED:
        if name in data:
            values[name] = {int(key): value for key, value in data[name].items()}
    if "touches_per_week" in data:
        values["touches_per_week"] = {
            (dt.date.fromisoformat(week), kind): n for week, kinds in data["touches_per_week"].items()
            for kind, n in kinds.items()
        }
    return values
