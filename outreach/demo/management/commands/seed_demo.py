"""Load a demo team and ~200 candidates with two years of history, so every page has something to show.

Everything is built through the services (so schedules follow the same rules as in real use) from a
seeded random generator, so the same seed always gives the same people. Dates are anchored to now:
whenever the demo is loaded, some check-ins are overdue today and some are due this week.
"""
import datetime as dt
import random
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from candidates.choices import (
    INACTIVE_STAGES,
    TIER_DEFAULT_CADENCE_DAYS,
    GotAwayReason,
    InterviewOutcome,
    InterviewStage,
    Role,
    Source,
    Stage,
    Tier,
)
from candidates.models import Candidate, CareerUpdate, Feedback, FeedbackSharedVia, Interview, StageChange
from candidates.services import (
    candidate_create,
    candidate_update,
    career_update_record,
    interview_log,
    recruiter_create,
)
from outreach.choices import Direction, TouchKind
from outreach.demo import demo_data as data
from outreach.demo.openings import demo_openings_create
from outreach.demo.segments import demo_segments_create
from outreach.demo.sequences import demo_sequences_create
from outreach.models import CheckInSchedule, TouchPoint
from outreach.overdue import schedules_flag_overdue
from outreach.services import (
    feedback_share,
    schedule_set_cadence,
    schedule_set_paused,
    schedule_snooze,
    touch_point_log,
)
from outreach.signals.job import signals_refresh

User = get_user_model()

DEMO_PASSWORD = "demo-pass-2026"
DEFAULT_SEED = 2026
DEFAULT_CANDIDATES = 200


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    timezone: str


DEMO_USERS = [
    DemoUser("manager", "Maya", "Okafor", Role.MANAGER, "Europe/London"),
    DemoUser("alice", "Alice", "Morgan", Role.RECRUITER, "Europe/London"),
    DemoUser("bob", "Bob", "Alvarez", Role.RECRUITER, "America/New_York"),
    DemoUser("chen", "Chen", "Wei", Role.RECRUITER, "Asia/Singapore"),
    DemoUser("admin", "Sam", "Admin", Role.ADMIN, "UTC"),
]
RECRUITERS = [u.username for u in DEMO_USERS if u.role == Role.RECRUITER]

# How the active candidates' next check-ins fall, so each recruiter's home page has a real to-do list.
DUE_BUCKETS = [("overdue", 30), ("this_week", 15), ("later", 55)]
FORCED_BUCKETS = ["overdue", "this_week", "later"]
TIER_WEIGHTS = [(Tier.TOP, 10), (Tier.WARM, 45), (Tier.POOL, 45)]
STAGE_WEIGHTS = [
    (Stage.GOT_AWAY, 22), (Stage.NURTURING, 38), (Stage.RE_ENGAGED, 13), (Stage.INTERVIEWING, 8),
    (Stage.REHIRED, 5), (Stage.NOT_INTERESTED, 8), (Stage.DO_NOT_CONTACT, 6),
]
CHANNEL_WEIGHTS = [
    (TouchKind.EMAIL, 45), (TouchKind.PHONE_CALL, 20), (TouchKind.SOCIAL, 15), (TouchKind.MEETING, 10),
    (TouchKind.EVENT, 5), (TouchKind.NEWSLETTER, 5),
]
FINAL_OUTCOME = {
    GotAwayReason.DECLINED_OFFER: InterviewOutcome.OFFER_DECLINED,
    GotAwayReason.COMPENSATION_GAP: InterviewOutcome.OFFER_DECLINED,
    GotAwayReason.NO_BUDGET: InterviewOutcome.NO_DECISION,
    GotAwayReason.HIRED_SOMEONE_ELSE: InterviewOutcome.NOT_SELECTED,
    GotAwayReason.MOVED_TOO_SLOWLY: InterviewOutcome.WITHDREW,
    GotAwayReason.TIMING: InterviewOutcome.WITHDREW,
    GotAwayReason.RELOCATION: InterviewOutcome.WITHDREW,
    GotAwayReason.OTHER: InterviewOutcome.NO_DECISION,
}
INTERVIEW_ROUNDS = [InterviewStage.SCREEN, InterviewStage.TECHNICAL, InterviewStage.ONSITE, InterviewStage.FINAL]
SHARE_VIA = {TouchKind.PHONE_CALL: FeedbackSharedVia.PHONE, TouchKind.MEETING: FeedbackSharedVia.MEETING}


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def at_noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


class DemoBuilder:
    """One pass over the candidates; every random draw happens in the same order for the same seed."""

    def __init__(self, *, seed: int, now: dt.datetime, owners: list):
        self.seed = seed
        # Names come from their own stream, and each candidate's details from a stream of its own, so
        # the time of day the demo is loaded (which shifts some date comparisons) never changes who is in it.
        self.name_rng = random.Random(seed)
        self.rng = random.Random(seed)
        self.now = now
        self.owners = owners
        self.used_names: set[str] = set()
        # Timestamps the services stamp with "now", moved back to when things happened.
        self.backdates: dict[type, list[tuple[int, dict]]] = {}

    def backdate(self, model, pk: int, **fields) -> None:
        self.backdates.setdefault(model, []).append((pk, fields))

    def apply_backdates(self) -> None:
        # Plain UPDATEs on purpose: these are corrections to history, not edits anyone made.
        for model, rows in self.backdates.items():
            by_fields: dict[tuple, list] = {}
            for pk, fields in rows:
                by_fields.setdefault(tuple(sorted(fields)), []).append(model(pk=pk, **fields))
            for field_names, objs in by_fields.items():
                model.objects.bulk_update(objs, field_names, batch_size=200)

    def person(self) -> tuple[str, str]:
        while True:
            first, last = self.name_rng.choice(data.FIRST_NAMES), self.name_rng.choice(data.LAST_NAMES)
            if f"{first} {last}" not in self.used_names:
                self.used_names.add(f"{first} {last}")
                return first, last

    def candidate(self, index: int, *, reason: str, stage: str, tier: int) -> tuple[Candidate, int]:
        rng = self.rng
        first, last = self.person()
        slug = f"{first}.{last}".lower().replace("'", "").replace(" ", "")
        track = rng.randrange(len(data.TRACKS))
        titles, skills, _ = data.TRACKS[track]
        location, phone_format = rng.choice(data.LOCATIONS)
        designer = track == data.DESIGN_TRACK
        handle = slug.replace(".", "")
        owner = self.owners[index % len(self.owners)]
        candidate = candidate_create(
            owner=owner,
            full_name=f"{first} {last}",
            email=f"{slug}@{rng.choice(data.EMAIL_DOMAINS)}",
            phone=phone_format.format(index % 1000) if phone_format and rng.random() < 0.7 else "",
            linkedin_url=f"https://www.linkedin.com/in/{slug.replace('.', '-')}-{index:03d}",
            github_url=f"https://github.com/{handle}" if not designer and rng.random() < 0.6 else "",
            portfolio_url=f"https://{handle}.example.com" if designer else "",
            location=location,
            headline=f"{rng.choice(titles)} · {', '.join(rng.sample(skills, 2))}",
            skills=rng.sample(skills, rng.randint(3, min(6, len(skills)))),
            source=rng.choice(Source.values),
            tier=tier,
            got_away_reason=reason,
            got_away_detail=rng.choice(data.GOT_AWAY_DETAILS[reason]),
            current_company=rng.choice(data.OTHER_EMPLOYERS),
            current_title=rng.choice(titles),
            do_not_contact=stage == Stage.DO_NOT_CONTACT,
            **self.what_brings_them_back(index, reason=reason, track=track, location=location),
        )
        return candidate, track

    def what_brings_them_back(self, index: int, *, reason: str, track: int, location: str) -> dict:
        """Their ask, a follow-up date and how flexible they are; from a stream of its own, so the rest stays put."""
        rng = random.Random(f"{self.seed}:{index}:ask")
        fields = {"open_to_relocation": rng.random() < 0.2, "open_to_remote": rng.random() < 0.45}
        if rng.random() < (0.97 if reason == GotAwayReason.COMPENSATION_GAP else 0.7):
            currency, factor = data.LOCATION_PAY[location.split(", ")[-1]]
            amount = data.TRACK_PAY_K[track] * 1000 * factor * rng.uniform(0.9, 1.3)
            fields.update(expected_pay_currency=currency, expected_pay=int(round(amount / 5000)) * 5000)
        if reason == GotAwayReason.TIMING and rng.random() < 0.5:
            # Dates to come; the loop below moves a third of them into the recent past (a follow-up now due).
            fields["follow_up_on"] = self.now.date() + dt.timedelta(days=rng.randint(5, 120))
        return fields

    def plan_last_touch(self, *, cadence: int, active: bool, bucket: str | None) -> int:
        """Days since the last touch point, chosen so the check-in lands in a due bucket."""
        rng = self.rng
        bucket = (bucket or weighted(rng, DUE_BUCKETS)) if active else "later"
        if bucket == "overdue":
            return cadence + rng.randint(0, min(40, cadence))
        if bucket == "this_week":
            return cadence - rng.randint(1, 6)
        return rng.randint(0, max(cadence - 9, 0))

    def interviews(self, candidate: Candidate, *, track: int, reason: str, got_away_on: dt.date) -> list[Interview]:
        rng = self.rng
        _, _, role = data.TRACKS[track]
        rounds = INTERVIEW_ROUNDS[: rng.randint(1, len(INTERVIEW_ROUNDS))]
        day = got_away_on - dt.timedelta(days=7 * len(rounds) + rng.randint(0, 10))
        strong = candidate.tier == Tier.TOP
        logged = []
        for number, stage in enumerate(rounds, start=1):
            last_round = number == len(rounds)
            scorecard = None
            if rng.random() < 0.85:
                low = 4 if strong else 2
                ratings = {f: rng.randint(low, 5) for f in Feedback.RATING_FIELDS}
                scorecard = {
                    **ratings,
                    "recommendation": min(5, max(1, round(sum(ratings.values()) / 4) + rng.choice([-1, 0, 0, 1]))),
                    "strengths": rng.choice(data.STRENGTHS),
                    "concerns": rng.choice(data.CONCERNS),
                    "candidate_note": rng.choice(data.CANDIDATE_NOTES) if last_round else "",
                }
            interview = interview_log(
                candidate=candidate, logged_by=candidate.owner, role_title=role, occurred_on=day, stage=stage,
                outcome=FINAL_OUTCOME[reason] if last_round else InterviewOutcome.NO_DECISION,
                interviewers=", ".join(rng.sample(data.INTERVIEWER_NAMES, rng.randint(1, 3))), feedback=scorecard,
            )
            self.backdate(Interview, interview.pk, created_at=at_noon(day + dt.timedelta(days=1)))
            for feedback in interview.feedback.all():
                self.backdate(Feedback, feedback.pk, created_at=at_noon(day + dt.timedelta(days=1)))
            logged.append(interview)
            day += dt.timedelta(days=rng.randint(4, 10))
        return logged

    def touches(self, candidate: Candidate, *, cadence: int, last_touch_days: int, since: dt.datetime) -> None:
        rng = self.rng
        moments = []
        moment = self.now - dt.timedelta(days=last_touch_days, hours=rng.randint(0, 8), minutes=rng.randint(0, 59))
        while moment > since and len(moments) < 10:
            moments.append(moment)
            moment -= dt.timedelta(days=cadence * rng.uniform(0.8, 1.6), hours=rng.randint(-6, 6))
        preferred = candidate.schedule.preferred_channel
        for occurred_at in reversed(moments):
            inbound = rng.random() < 0.2
            kind = preferred if rng.random() < 0.6 else weighted(rng, CHANNEL_WEIGHTS)
            summary = rng.choice(data.INBOUND_SUMMARIES if inbound else data.TOUCH_SUMMARIES[kind])
            touch = touch_point_log(
                candidate=candidate, kind=kind, occurred_at=occurred_at, author=candidate.owner, summary=summary,
                direction=Direction.INBOUND if inbound else Direction.OUTBOUND,
            )
            self.backdate(TouchPoint, touch.pk, created_at=occurred_at)

    def career(self, candidate: Candidate, *, track: int, got_away_on: dt.date) -> None:
        rng = self.rng
        titles, _, _ = data.TRACKS[track]
        started = got_away_on
        for step in range(rng.choice([0, 0, 1, 1, 2])):
            started += dt.timedelta(days=rng.randint(30, 300))
            if started >= self.now.date():
                return
            update = career_update_record(
                candidate=candidate, company=rng.choice(data.OTHER_EMPLOYERS),
                title=titles[min(step + 1, len(titles) - 1)], started_on=started,
                note=rng.choice(data.CAREER_NOTES), recorded_by=candidate.owner,
            )
            # Recorded a few days after the move, but never later than now (a recent move is recorded today).
            recorded_at = min(at_noon(started) + dt.timedelta(days=rng.randint(1, 20)), self.now)
            self.backdate(CareerUpdate, update.pk, recorded_at=recorded_at)

    def stages(self, candidate: Candidate, *, stage: str, got_away_on: dt.date) -> None:
        """Walk the funnel to the target stage, one recorded step at a time."""
        rng = self.rng
        if stage in INACTIVE_STAGES:
            path = [Stage.NURTURING, stage]
        else:
            funnel = [Stage.NURTURING, Stage.RE_ENGAGED, Stage.INTERVIEWING, Stage.REHIRED]
            path = funnel[: funnel.index(stage) + 1] if stage in funnel else []
        span = max((self.now.date() - got_away_on).days, len(path) + 1)
        offsets = [0, *sorted(rng.sample(range(1, span), len(path)))]
        for to_stage in path:
            candidate_update(candidate=candidate, changed_by=candidate.owner, stage=to_stage)
        changes = StageChange.objects.filter(candidate=candidate).order_by("pk").values_list("pk", flat=True)
        for pk, offset in zip(changes, offsets, strict=True):
            self.backdate(StageChange, pk, changed_at=at_noon(got_away_on + dt.timedelta(days=offset)))

    def build(self, count: int) -> list[Candidate]:
        reasons = list(GotAwayReason.values)
        stages = [value for value, _ in STAGE_WEIGHTS]
        built = []
        for index in range(count):
            self.rng = rng = random.Random(f"{self.seed}:{index}")
            # The first few rotate through every reason and stage so each one shows up on the dashboard.
            reason = reasons[index % len(reasons)] if index < 3 * len(reasons) else rng.choice(reasons)
            stage = stages[index] if index < len(stages) else weighted(rng, STAGE_WEIGHTS)
            tier = Tier.TOP if index % 10 == 0 else weighted(rng, TIER_WEIGHTS[1:])
            candidate, track = self.candidate(index, reason=reason, stage=stage, tier=tier)

            schedule = candidate.schedule  # made by candidate_create, already attached
            cadence = TIER_DEFAULT_CADENCE_DAYS[tier]
            if rng.random() < 0.12:
                cadence = rng.choice([7, 21, 45, 60])
            schedule = schedule_set_cadence(schedule=schedule, cadence_days=cadence,
                                            preferred_channel=weighted(rng, CHANNEL_WEIGHTS))
            candidate.schedule = schedule

            active = stage not in INACTIVE_STAGES
            # The first rows give every recruiter some overdue and some due-this-week check-ins for sure.
            forced = FORCED_BUCKETS[(index // len(self.owners)) % 3] if index < 6 * len(self.owners) else None
            last_touch_days = self.plan_last_touch(cadence=cadence, active=active, bucket=forced)
            got_away_on = self.now.date() - dt.timedelta(days=max(rng.randint(30, 700), last_touch_days + 21))
            Candidate.objects.filter(pk=candidate.pk).update(got_away_on=got_away_on)
            interviews = self.interviews(candidate, track=track, reason=reason, got_away_on=got_away_on)
            self.career(candidate, track=track, got_away_on=got_away_on)
            if candidate.follow_up_on and index % 3 == 0:
                self.backdate(Candidate, candidate.pk, follow_up_on=self.now.date() - dt.timedelta(days=index % 20 + 1))
            self.touches(candidate, cadence=cadence, last_touch_days=last_touch_days,
                         since=at_noon(got_away_on) + dt.timedelta(days=7))
            self.share_feedback(interviews, got_away_on=got_away_on)
            if active and not forced:
                self.pause_or_snooze(candidate)
            self.stages(candidate, stage=stage, got_away_on=got_away_on)
            self.backdate(Candidate, candidate.pk, created_at=at_noon(got_away_on), updated_at=self.now)
            built.append(candidate)
        return built

    def pause_or_snooze(self, candidate: Candidate) -> None:
        """A few paused and snoozed check-ins, so those states are on show too."""
        roll = self.rng.random()
        if roll < 0.07:
            schedule = CheckInSchedule.objects.select_related("candidate").get(candidate=candidate)
            if roll < 0.03:
                schedule_set_paused(schedule=schedule, paused=True)
            else:
                schedule_snooze(schedule=schedule, until=self.now + dt.timedelta(days=self.rng.randint(8, 30)))

    def share_feedback(self, interviews: list[Interview], *, got_away_on: dt.date) -> None:
        for interview in interviews:
            for feedback in interview.feedback.all():
                if feedback.candidate_note and self.rng.random() < 0.6:
                    shared_at = at_noon(got_away_on + dt.timedelta(days=self.rng.randint(1, 5)))
                    via = SHARE_VIA.get(interview.candidate.schedule.preferred_channel, FeedbackSharedVia.EMAIL)
                    touch = feedback_share(feedback=feedback, via=via, shared_at=shared_at,
                                           shared_by=interview.candidate.owner)
                    self.backdate(TouchPoint, touch.pk, created_at=shared_at)


class Command(BaseCommand):
    help = "Load the demo team and candidates (once), then print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Same seed, same people.")
        parser.add_argument("--candidates", type=int, default=DEFAULT_CANDIDATES, help="How many candidates.")
        parser.add_argument("--logins-only", action="store_true", help="Only print the demo logins.")

    def handle(self, *args, seed: int, candidates: int, logins_only: bool, **options):
        if logins_only:
            self.print_logins()
            return
        if User.objects.filter(username__in=[u.username for u in DEMO_USERS]).exists():
            self.stdout.write("Demo data is already loaded; nothing to do.")
            self.print_logins()
            return
        now = timezone.now()
        with transaction.atomic():
            users = {u.username: self.create_user(u) for u in DEMO_USERS}
            builder = DemoBuilder(seed=seed, now=now, owners=[users[name] for name in RECRUITERS])
            built = builder.build(candidates)
            builder.apply_backdates()
            demo_segments_create(users=users)
            demo_sequences_create(users=users)
            demo_openings_create(users=users)
        schedules_flag_overdue(now=now)
        # Who to contact today reads what the hourly signal job stores: its first pass, now.
        run = signals_refresh(now=now, full=True)
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {len(built)} demo candidates; {run.found if run else 0} re-approach signals."))
        self.print_due_summary(now)
        self.print_logins()

    def create_user(self, demo: DemoUser):
        return recruiter_create(
            username=demo.username, email=f"{demo.username}@nurture.example", password=DEMO_PASSWORD,
            first_name=demo.first_name, last_name=demo.last_name, role=demo.role, timezone_name=demo.timezone,
        )

    def print_due_summary(self, now: dt.datetime) -> None:
        for name in RECRUITERS:
            mine = CheckInSchedule.objects.filter(owner__username=name)
            overdue = mine.overdue(now).count()
            this_week = mine.due_by(now + dt.timedelta(days=7)).count() - overdue
            self.stdout.write(f"  {name}: {mine.count()} candidates, {overdue} overdue, {this_week} due this week")

    def print_logins(self) -> None:
        if not User.objects.filter(username__in=[u.username for u in DEMO_USERS]).exists():
            self.stdout.write("The demo team is not loaded yet: run `python manage.py seed_demo` first.")
        self.stdout.write(f"Demo logins at {settings.SITE_URL}/ (password for all: {DEMO_PASSWORD}):")
        for demo in DEMO_USERS:
            label = Role(demo.role).label
            self.stdout.write(f"  {demo.username:<8} {label:<9} {demo.first_name} {demo.last_name}, {demo.timezone}")
