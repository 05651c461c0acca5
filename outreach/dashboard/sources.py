"""Where the dashboard's numbers come from: the roll-ups (rolled.py), or the live aggregate queries.

Both hold the same attributes, named after the functions in queries.py and holding
what those return for the filters in view, so the section builders (figures.py,
activity.py) cannot tell one from the other and draw the same page from either.
"""
from . import queries
from .filters import DashboardFilters

# The figures the roll-ups answer: every query except the longest-overdue list, which
# walks an index to 12 rows and stays live.
FIELDS = (
    "stage_counts", "stage_moves", "forward_movers", "reasons_by_tier", "cold_buckets",
    "team_owned", "team_overdue", "team_touches", "team_feedback_shared",
    "touches_per_week", "feedback_coverage", "feedback_delays",
)


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

