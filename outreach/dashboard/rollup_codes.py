"""The roll-ups' vocabulary: which figure a DashboardCount row counts, and which family of rows
one kind of change makes stale."""
import datetime as dt
from enum import IntEnum

# `prev_day` of a candidate's first day, and `day` of rows that have none (never touched).
NO_DAY = dt.date(1, 1, 1)
WHOLE_TEAM = ALL_TIERS = 0


class Figure(IntEnum):
    # Events, by UTC day and hour of the instant.
    TOUCHES = 1  # touch points; per recruiter levels only
    TOUCH_KINDS = 2  # touch points by kind; whole-team levels only (key: kind)
    MOVES_ADDED = 3  # stage changes by destination (key: to_stage), created with the candidate
    MOVES = 4  # ... and every other stage change
    MOVES_FORWARD = 5
    MOVES_BACKWARD = 6
    FORWARD_MOVERS = 7  # candidate-days with a forward move, keyed by the candidate's previous one
    FEEDBACK_SHARED = 8  # scorecards, by when they were shared
    # Interviews, by the date they took place.
    INTERVIEWS = 9
    INTERVIEWS_SHARED = 10  # ... with feedback shared
    INTERVIEWEES = 11  # candidate-days interviewed, keyed by the candidate's previous one
    INTERVIEWEES_SHARED = 12  # ... counting only interviews with feedback shared
    FEEDBACK_DELAYS = 13  # interviews by days to the first feedback shared (key: days, up to 31)
    # The pipeline as it stands (day: NO_DAY, or the UTC day of a schedule's time).
    STAGES = 20  # key: stage
    REASONS = 21  # key: got-away reason; per-tier levels only
    REASONS_RE_ENGAGED = 22  # ... of those, now re-engaged or further
    LAST_TOUCH = 23  # active schedules by the day of their last touch (NO_DAY: never); per-tier levels only
    DUE = 24  # active schedules by when the check-in is due; per-recruiter levels only


class Family(IntEnum):
    """Rows recomputed together: a day of one table's events, or the current figures of one book."""

    TOUCHES = 1
    STAGE_CHANGES = 2
    FEEDBACK = 3
    INTERVIEWS = 4
    CURRENT = 5
    REGROUP = 6  # a candidate's history moves from the owner and tier they had to their new ones


FAMILY_FIGURES = {
    Family.TOUCHES: (Figure.TOUCHES, Figure.TOUCH_KINDS),
    Family.STAGE_CHANGES: (Figure.MOVES_ADDED, Figure.MOVES, Figure.MOVES_FORWARD, Figure.MOVES_BACKWARD,
                           Figure.FORWARD_MOVERS),
    Family.FEEDBACK: (Figure.FEEDBACK_SHARED,),
    Family.INTERVIEWS: (Figure.INTERVIEWS, Figure.INTERVIEWS_SHARED, Figure.INTERVIEWEES, Figure.INTERVIEWEES_SHARED,
                        Figure.FEEDBACK_DELAYS),
    Family.CURRENT: (Figure.STAGES, Figure.REASONS, Figure.REASONS_RE_ENGAGED, Figure.LAST_TOUCH, Figure.DUE),
}
# Families whose rows chain each candidate's days together (prev_day): a change on one day
# also changes the candidate's next day.
CHAINED = (Family.STAGE_CHANGES, Family.INTERVIEWS)
# The last bucket of the time-to-feedback histogram starts at 31 days.
MAX_DELAY_DAYS = 31
