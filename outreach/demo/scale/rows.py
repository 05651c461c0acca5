"""The generated data set, as plain row tuples per table (no ORM objects, no database).

Rows are built candidate by candidate from one seeded random stream, so the same seed and
size always give the same data; times are stored as integer seconds relative to the run's
clock so the "about 15 % overdue" share holds whenever the data is loaded.
Value kinds per column: i = integer, n = integer or None, s = text, j = a list (stored as
JSON), b = boolean, t = epoch seconds (or None), d = date ordinal (or None).
"""
import datetime as dt
import random
from dataclasses import dataclass, field

from candidates.choices import (
    STAGE_FUNNEL,
    TIER_DEFAULT_CADENCE_DAYS,
    GotAwayReason,
    InterviewOutcome,
    InterviewStage,
    Recommendation,
    Source,
    Stage,
    Tier,
)
from candidates.models import Candidate, CareerUpdate, Feedback, FeedbackSharedVia, Interview, StageChange
from outreach.choices import Direction, TouchKind
from outreach.models import CheckInSchedule, TouchPoint
from outreach.openings.choices import OpeningStatus

from . import vocab

DAY = 86_400
# Day ordinal of 1970-01-01: (ordinal - EPOCH_ORDINAL) * DAY is that day's UTC midnight in epoch seconds.
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
# Every this-many-th candidate has a long history: the candidate page is measured on one.
LONG_HISTORY_EVERY = 10_000
LONG_HISTORY_TOUCHES = 300

# (model, [(attname, kind), ...]) in the order rows are built; parents before children.
COLUMNS = {
    Candidate: [
        ("id", "i"), ("full_name", "s"), ("email", "s"), ("phone", "s"), ("linkedin_url", "s"),
        ("location", "s"), ("headline", "s"), ("skills", "j"), ("source", "s"), ("owner_id", "i"), ("tier", "i"),
        ("got_away_reason", "s"), ("got_away_detail", "s"), ("got_away_on", "d"), ("stage", "s"),
        ("current_company", "s"), ("current_title", "s"), ("expected_pay_currency", "s"), ("expected_pay", "n"),
        ("follow_up_on", "d"), ("open_to_relocation", "b"), ("open_to_remote", "b"),
        ("do_not_contact", "b"), ("is_generated", "b"),
        ("created_at", "t"), ("updated_at", "t"),
    ],
    CheckInSchedule: [
        ("id", "i"), ("candidate_id", "i"), ("cadence_days", "i"), ("cadence_customised", "b"),
        ("preferred_channel", "s"), ("last_touch_at", "t"), ("last_touch_summary", "s"), ("next_due_at", "t"),
        ("paused", "b"), ("snoozed_until", "t"), ("overdue_since", "t"), ("updated_at", "t"),
        ("owner_id", "i"), ("tier", "i"),
    ],
    StageChange: [
        ("id", "i"), ("candidate_id", "i"), ("from_stage", "s"), ("to_stage", "s"), ("changed_by_id", "i"),
        ("changed_at", "t"),
    ],
    CareerUpdate: [
        ("id", "i"), ("candidate_id", "i"), ("company", "s"), ("employer_id", "i"), ("title", "s"),
        ("started_on", "d"), ("note", "s"), ("recorded_by_id", "i"), ("recorded_at", "t"),
    ],
    Interview: [
        ("id", "i"), ("candidate_id", "i"), ("role_title", "s"), ("occurred_on", "d"), ("stage", "s"),
        ("interviewers", "s"), ("outcome", "s"), ("logged_by_id", "i"), ("created_at", "t"),
    ],
    Feedback: [
        ("id", "i"), ("interview_id", "i"), ("author_id", "i"), ("rating_technical", "i"),
        ("rating_problem_solving", "i"), ("rating_communication", "i"), ("rating_collaboration", "i"),
        ("strengths", "s"), ("concerns", "s"), ("recommendation", "i"), ("candidate_note", "s"),
        ("shared_at", "t"), ("shared_via", "s"), ("created_at", "t"),
    ],
    TouchPoint: [
        ("id", "i"), ("candidate_id", "i"), ("kind", "s"), ("direction", "s"), ("occurred_at", "t"),
        ("author_id", "i"), ("summary", "s"), ("created_at", "t"),
    ],
}

TIER_WEIGHTS = [(Tier.TOP, 5), (Tier.WARM, 25), (Tier.POOL, 70)]
STAGE_WEIGHTS = [
    (Stage.GOT_AWAY, 35), (Stage.NURTURING, 30), (Stage.RE_ENGAGED, 12), (Stage.INTERVIEWING, 6),
    (Stage.REHIRED, 3), (Stage.NOT_INTERESTED, 9), (Stage.DO_NOT_CONTACT, 5),
]
REASON_WEIGHTS = [
    (GotAwayReason.DECLINED_OFFER, 24), (GotAwayReason.COMPENSATION_GAP, 20), (GotAwayReason.NO_BUDGET, 12),
    (GotAwayReason.HIRED_SOMEONE_ELSE, 14), (GotAwayReason.MOVED_TOO_SLOWLY, 8), (GotAwayReason.TIMING, 12),
    (GotAwayReason.RELOCATION, 5), (GotAwayReason.OTHER, 5),
]
TOUCH_WEIGHTS = [
    (TouchKind.EMAIL, 40), (TouchKind.PHONE_CALL, 15), (TouchKind.SOCIAL, 15), (TouchKind.NEWSLETTER, 15),
    (TouchKind.EVENT, 5), (TouchKind.MEETING, 7), (TouchKind.OTHER, 3),
]
DO_NOT_CONTACT = Stage.DO_NOT_CONTACT.value
FUNNEL = [stage.value for stage in STAGE_FUNNEL]
OUTBOUND, INBOUND = Direction.OUTBOUND.value, Direction.INBOUND.value
OVERDUE_SHARE = 0.15
PAUSED_SHARE = 0.02
SNOOZED_SHARE = 0.03
COMPENSATION_GAP, TIMING = GotAwayReason.COMPENSATION_GAP.value, GotAwayReason.TIMING.value
# Who told us what they would ask for: most, and nearly everyone who got away over pay.
PAY_SHARE, PAY_SHARE_COMPENSATION_GAP = 0.7, 0.97
# Of those who got away over timing, this many gave a date to come back to (60 days ago to 120 ahead).
FOLLOW_UP_SHARE = 0.3
RELOCATION_SHARE, REMOTE_SHARE = 0.15, 0.35
# Latest moves landing on a work anniversary (12, 18 or 24 months ago, give or take three weeks).
ANNIVERSARY_SHARE = 0.2
ANNIVERSARY_DAYS = (365, 548, 730)
# Openings the team hires for: about 40 per million candidates, never fewer than a handful.
OPENINGS_PER_MILLION, MIN_OPENINGS = 40, 3
OPENING_STATUS_WEIGHTS = [(OpeningStatus.OPEN, 80), (OpeningStatus.ON_HOLD, 10), (OpeningStatus.FILLED, 10)]


def _table(weights) -> list:
    """A 100-slot lookup table, so a weighted pick is one random() and one index."""
    table = [getattr(value, "value", value) for value, weight in weights for _ in range(weight)]
    assert len(table) == 100, weights
    return table


def openings_for(candidates: int) -> int:
    return max(MIN_OPENINGS, round(candidates * OPENINGS_PER_MILLION / 1_000_000))


def pay_round(amount: float) -> int:
    """To the nearest 5k, within the band people ask in."""
    return min(vocab.PAY_CEILING, max(vocab.PAY_FLOOR, int(round(amount / 5000)) * 5000))


@dataclass
class Team:
    recruiter_ids: list[int]
    manager_ids: list[int]
    # (id, name) of the generated companies, most often joined first.
    companies: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class IdCounter:
    """Next free primary key per model; explicit keys let children reference parents in the same batch."""

    next_ids: dict = field(default_factory=dict)

    def take(self, model) -> int:
        value = self.next_ids[model]
        self.next_ids[model] = value + 1
        return value


class RowBuilder:
    def __init__(self, *, seed: int, now: dt.datetime, team: Team, ids: IdCounter):
        self.rng = random.Random(seed)
        self.now = int(now.timestamp())
        self.today = now.date().toordinal()
        self.team = team
        self.ids = ids
        self.tiers = _table(TIER_WEIGHTS)
        self.stages = _table(STAGE_WEIGHTS)
        self.reasons = _table(REASON_WEIGHTS)
        self.touch_kinds = _table(TOUCH_WEIGHTS)
        # Plain values, looked up once: enum attribute access is slow in a loop of millions.
        self.sources = list(Source.values)
        self.interview_stages = list(InterviewStage.values)
        self.outcomes = [InterviewOutcome.OFFER_DECLINED.value] + [
            o for o in InterviewOutcome.values if o != InterviewOutcome.OFFER_DECLINED
        ]
        self.recommendations = list(Recommendation.values)
        self.shared_vias = list(FeedbackSharedVia.values)

    def _pick(self, seq):
        return seq[int(self.rng.random() * len(seq))]

    def _company(self) -> tuple[int, str]:
        # Skewed towards the head of the list, so a few employers hold many got-aways (as Big Tech does).
        companies = self.team.companies
        return companies[int(self.rng.random() ** 1.5 * len(companies))]

    def _ask(self, title: str, location: str) -> tuple[str, int]:
        currency, factor = vocab.LOCATION_PAY[location]
        return currency, pay_round(vocab.TITLE_PAY_K[title] * 1000 * factor * (0.85 + self.rng.random() * 0.4))

    def build(self, start: int, count: int) -> dict:
        """Rows for candidates number start .. start+count-1 (numbers are global to the run)."""
        rows = {model: [] for model in COLUMNS}
        for number in range(start, start + count):
            self._candidate(number, rows)
        return rows

    def _candidate(self, number: int, rows: dict) -> None:
        r, pick, ids, now = self.rng.random, self._pick, self.ids, self.now
        team = self.team
        cid = ids.take(Candidate)
        owner = team.recruiter_ids[number % len(team.recruiter_ids)]
        long_history = number % LONG_HISTORY_EVERY == 0
        first, last = pick(vocab.FIRST_NAMES), pick(vocab.SURNAMES)
        tier = self.tiers[int(r() * 100)]
        stage = self.stages[int(r() * 100)]
        reason = self.reasons[int(r() * 100)]
        got_away_day = self.today - 30 - int(r() * 1065)
        created = (got_away_day - EPOCH_ORDINAL) * DAY + 43_200 + int(r() * 3600)  # around noon

        # Career moves after they got away; the latest is their current role.
        (employer, company), title = self._company(), pick(vocab.TITLES)
        moves = (0, 1, 1, 2, 2, 3, 1, 2)[int(r() * 8)]  # mean 1.5
        move_day = got_away_day
        for move in range(moves):
            move_day = min(self.today - 1, move_day + 30 + int(r() * 240))
            if move == moves - 1 and r() < ANNIVERSARY_SHARE:
                # Their latest start lands near an anniversary the signals look for, when the history allows.
                move_day = max(move_day, self.today - pick(ANNIVERSARY_DAYS) - 21 + int(r() * 43))
            (employer, company), title = self._company(), pick(vocab.TITLES)
            rows[CareerUpdate].append((
                ids.take(CareerUpdate), cid, company, employer, title, move_day, pick(vocab.CAREER_NOTES), owner,
                min(now - 3600, (move_day - EPOCH_ORDINAL) * DAY + 50_000),
            ))

        location = pick(vocab.LOCATIONS)
        currency, pay = "", None
        if r() < (PAY_SHARE_COMPENSATION_GAP if reason == COMPENSATION_GAP else PAY_SHARE):
            currency, pay = self._ask(title, location)
        follow_up = None
        if reason == TIMING and r() < FOLLOW_UP_SHARE:
            follow_up = self.today - 60 + int(r() * 181)
        skills = list(dict.fromkeys(pick(vocab.SKILLS) for _ in range(3)))
        rows[Candidate].append((
            cid, f"{first} {last}", f"{first}.{last}.{cid}@{pick(vocab.DOMAINS)}".lower(),
            f"+44 7700 {cid % 1_000_000:06d}", f"https://www.linkedin.com/in/{first}-{last}-{cid}".lower(),
            location, f"{title} · {pick(vocab.SKILLS)}", skills, pick(self.sources), owner, tier, reason, "",
            got_away_day, stage, company, title, currency, pay, follow_up,
            r() < RELOCATION_SHARE, r() < REMOTE_SHARE, stage == DO_NOT_CONTACT, True, created, created,
        ))
        self._stage_path(cid, stage, owner, created, rows)
        last_touch = self._schedule(cid, owner, tier, rows)
        self._touches(cid, owner, created, last_touch, long_history, rows)
        self._interviews(cid, owner, got_away_day, long_history, rows)

    def _stage_path(self, cid: int, stage: str, owner: int, created: int, rows: dict) -> None:
        # Exits (not interested, do not contact) are reached from nurturing.
        path = FUNNEL[: FUNNEL.index(stage) + 1] if stage in FUNNEL else [*FUNNEL[:2], stage]
        at, previous = created, ""
        for to_stage in path:
            rows[StageChange].append((self.ids.take(StageChange), cid, previous, to_stage, owner, at))
            previous = to_stage
            at = min(self.now - 60, at + DAY * (1 + int(self.rng.random() * 120)))

    def _schedule(self, cid: int, owner: int, tier: int, rows: dict) -> int:
        """A schedule consistent with its last touch; returns that touch's time."""
        r, now = self.rng.random, self.now
        cadence = TIER_DEFAULT_CADENCE_DAYS[tier]
        customised = r() < 0.05
        if customised:
            cadence = (7, 45, 60, 120)[int(r() * 4)]
        if r() < OVERDUE_SHARE:
            next_due = now - 3600 - int(r() * min(cadence, 45) * DAY)
        else:
            next_due = now + 3600 + int(r() * cadence * DAY)
        last_touch = min(next_due - cadence * DAY, now - 60)
        paused = r() < PAUSED_SHARE
        snoozed_until = None
        if not paused and next_due > now and r() < SNOOZED_SHARE / (1 - OVERDUE_SHARE):
            snoozed_until = next_due
        self._last_summary = self._pick(vocab.TOUCH_SUMMARIES)
        rows[CheckInSchedule].append((
            self.ids.take(CheckInSchedule), cid, cadence, customised, self._pick(self.touch_kinds[:55]),
            last_touch, self._last_summary, next_due, paused, snoozed_until, None, now, owner, tier,
        ))
        return last_touch

    def _touches(self, cid: int, owner: int, created: int, last_touch: int, long_history: bool, rows: dict) -> None:
        r, pick, take, out = self.rng.random, self._pick, self.ids.take, rows[TouchPoint]
        count = LONG_HISTORY_TOUCHES if long_history else 5 + int(r() * 11)  # mean 10
        start = min(created, last_touch - 365 * DAY)
        span = max(last_touch - start, DAY)
        times = sorted(start + int(r() * span) for _ in range(count - 1))
        times.append(last_touch)
        for index, at in enumerate(times):
            summary = self._last_summary if index == count - 1 else pick(vocab.TOUCH_SUMMARIES)
            direction = OUTBOUND if r() < 0.75 else INBOUND
            out.append((take(TouchPoint), cid, self.touch_kinds[int(r() * 100)], direction, at, owner, summary, at))

    def _interviews(self, cid: int, owner: int, got_away_day: int, long_history: bool, rows: dict) -> None:
        r, pick, ids, now = self.rng.random, self._pick, self.ids, self.now
        count = 6 if long_history else (1, 2, 2, 3, 2, 1, 3, 2)[int(r() * 8)]  # mean ~2
        stages = self.interview_stages
        for index in range(count):
            iid = ids.take(Interview)
            day = got_away_day - 7 * (count - index) - int(r() * 5)
            outcome = self.outcomes[0] if index == count - 1 else pick(self.outcomes)
            logged = (day - EPOCH_ORDINAL) * DAY + 61_200
            rows[Interview].append((
                iid, cid, pick(vocab.TITLES), day, stages[min(index, len(stages) - 1)],
                f"{pick(vocab.INTERVIEWERS)}, {pick(vocab.INTERVIEWERS)}", outcome, owner, logged,
            ))
            for _ in range(3 if long_history else 1 + int(r() * 3)):
                author = owner if r() < 0.6 else pick(self.team.recruiter_ids)
                shared = r() < 0.2
                shared_at = min(now - 60, logged + DAY * (1 + int(r() * 20))) if shared else None
                rows[Feedback].append((
                    ids.take(Feedback), iid, author, 1 + int(r() * 5), 1 + int(r() * 5), 1 + int(r() * 5),
                    1 + int(r() * 5), pick(vocab.STRENGTHS), pick(vocab.CONCERNS), pick(self.recommendations),
                    pick(vocab.CANDIDATE_NOTES), shared_at, pick(self.shared_vias) if shared else "",
                    logged + 3600,
                ))


def openings_build(*, seed: int, count: int, now: dt.datetime, team: Team) -> list[dict]:
    """The openings the generated team hires for, as field values; a stream of its own, so candidates stay the same."""
    rng = random.Random(f"openings-{seed}")
    pick = lambda seq: seq[int(rng.random() * len(seq))]  # noqa: E731
    statuses = _table(OPENING_STATUS_WEIGHTS)
    openings = []
    for number in range(count):
        title, location = pick(vocab.TITLES), pick(vocab.LOCATIONS)
        currency, factor = vocab.LOCATION_PAY[location]
        base = vocab.TITLE_PAY_K[title] * 1000 * factor
        # A band at least 10k wide, inside the range people ask in.
        low = min(pay_round(base * (0.85 + rng.random() * 0.15)), vocab.PAY_CEILING - 10_000)
        high = max(low + 10_000, pay_round(base * (1.1 + rng.random() * 0.25)))
        remote = location == "Remote" or rng.random() < 0.3
        openings.append({
            "title": title, "team": pick(vocab.TEAMS), "location": "" if location == "Remote" else location,
            "remote": remote, "pay_currency": currency, "pay_min": low, "pay_max": high,
            "skills": list(dict.fromkeys(pick(vocab.SKILLS) for _ in range(4))),
            "status": statuses[int(rng.random() * 100)],
            "hiring_manager_id": team.manager_ids[number % len(team.manager_ids)],
            "created_by_id": team.recruiter_ids[number % len(team.recruiter_ids)],
            "opened_at": now - dt.timedelta(days=rng.random() * 120),
        })
    return openings
