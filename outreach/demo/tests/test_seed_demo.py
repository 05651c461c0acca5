"""seed_demo: a believable, repeatable demo that always has check-ins due today."""
import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from candidates.choices import GotAwayReason, Role, Stage, Tier
from candidates.models import Candidate, CareerUpdate, Feedback, Interview
from outreach.models import CheckInSchedule, TouchPoint
from outreach.openings.models import Opening
from outreach.segments.models import Segment
from outreach.sequences.models import Enrolment, Sequence

pytestmark = pytest.mark.django_db
User = get_user_model()
DEMO_USERNAMES = {"manager", "alice", "bob", "chen", "admin"}


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def wipe_demo() -> None:
    Opening.objects.all().delete()  # their hiring managers are demo users
    Segment.objects.all().delete()
    Sequence.objects.all().delete()
    Candidate.objects.all().delete()
    User.objects.filter(username__in=DEMO_USERNAMES).delete()


def test_seed_demo_loads_a_full_team_and_history():
    output = seed()
    now = timezone.now()

    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    assert set(users) == DEMO_USERNAMES
    assert all(u.check_password("demo-pass-2026") for u in users.values())
    assert users["manager"].profile.role == Role.MANAGER and users["admin"].profile.role == Role.ADMIN
    assert {str(users[n].profile.timezone) for n in ("alice", "bob", "chen")} == {
        "Europe/London", "America/New_York", "Asia/Singapore"}

    candidates = Candidate.objects.all()
    assert candidates.count() == 200
    assert 15 <= candidates.filter(tier=Tier.TOP).count() <= 30
    assert set(candidates.values_list("got_away_reason", flat=True)) == set(GotAwayReason.values)
    assert set(candidates.values_list("stage", flat=True)) == set(Stage.values)
    assert candidates.filter(email__endswith="@example.com").exists()
    assert not candidates.exclude(email__regex=r"@example\.(com|org|net)$").exists()
    assert Interview.objects.count() >= 200 and Feedback.objects.count() >= 150
    assert Feedback.objects.filter(shared_at__isnull=False).count() >= 10
    assert CareerUpdate.objects.count() >= 50
    # History spreads over the last two years, none of it in the future.
    first = TouchPoint.objects.earliest("occurred_at").occurred_at
    last = TouchPoint.objects.latest("occurred_at").occurred_at
    assert now - dt.timedelta(days=760) < first < now - dt.timedelta(days=365)
    assert last <= now
    # A move made in the last few weeks is recorded by now at the latest, never in the future.
    assert not CareerUpdate.objects.filter(recorded_at__gt=now).exists()

    for name in ("alice", "bob", "chen"):
        mine = CheckInSchedule.objects.for_owner(users[name])
        overdue = mine.overdue(now).count()
        due_this_week = mine.due_by(now + dt.timedelta(days=7)).count() - overdue
        assert overdue >= 8, name
        assert due_this_week >= 3, name
        assert f"{name}:" in output
    # The overdue job has already flagged them, so digests have something to say right away.
    assert CheckInSchedule.objects.filter(overdue_since__isnull=False).count() == CheckInSchedule.objects.overdue(
        now).count()
    assert "demo-pass-2026" in output and "alice" in output and "manager" in output
    # Saved segments to send to, each matching some of the demo candidates.
    segments = Segment.objects.all()
    assert segments.count() == 4
    # Nurture sequences ready to enrol a segment in; nobody enrolled, so nothing sends by itself.
    assert sorted(Sequence.objects.values_list("name", flat=True)) == ["Top tier: call first", "Warm follow-up"]
    assert not Enrolment.objects.exists()
    for segment in segments:
        assert 0 < segment.matching(now=now).count() < 200, segment.name


def test_seed_demo_runs_once_then_only_prints_logins():
    seed("--candidates", "12")
    again = seed("--candidates", "12")
    assert "already loaded" in again and "demo-pass-2026" in again
    assert Candidate.objects.count() == 12
    assert User.objects.filter(username="alice").count() == 1


def test_logins_only_prints_logins_and_writes_nothing():
    output = seed("--logins-only")
    assert "demo-pass-2026" in output and "not loaded yet" in output
    for username in DEMO_USERNAMES:
        assert username in output
    assert not User.objects.filter(username__in=DEMO_USERNAMES).exists()
    assert not Candidate.objects.exists()


def test_the_same_seed_gives_the_same_people_whenever_it_runs():
    with time_machine.travel(dt.datetime(2026, 5, 4, 0, 30, tzinfo=dt.UTC)):
        seed("--candidates", "30")
    first = list(Candidate.objects.order_by("pk").values_list("full_name", "email", "tier", "stage"))
    wipe_demo()
    with time_machine.travel(dt.datetime(2026, 11, 20, 23, 50, tzinfo=dt.UTC)):
        seed("--candidates", "30")
    second = list(Candidate.objects.order_by("pk").values_list("full_name", "email", "tier", "stage"))
    wipe_demo()
    seed("--candidates", "30", "--seed", "7")
    other_seed = list(Candidate.objects.order_by("pk").values_list("full_name", flat=True))

    assert first == second
    assert len({name for name, *_ in first}) == 30
    assert other_seed != [name for name, *_ in first]
