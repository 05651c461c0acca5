"""Queueing digests: the recruiter's own hour and days, DST, once per local date, nothing due -> no email."""
import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.choices import Stage, Tier
from candidates.services import candidate_update, recruiter_create
from candidates.tests.factories import CandidateFactory
from outreach.choices import TouchKind
from outreach.digests.services import digests_queue, manager_digests_queue
from outreach.models import CheckInSchedule, Digest, DigestKind, DigestStatus
from outreach.services import schedule_set_cadence, touch_point_log

pytestmark = pytest.mark.django_db
LONG_AGO = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def _overdue_candidate(owner, **fields):
    with time_machine.travel(LONG_AGO, tick=False):
        return CandidateFactory(owner=owner, **fields)


def _queue_every_hour_of(day: dt.date) -> dict[str, int]:
    """Run the hourly job at each UTC hour of `day`; the UTC hour each person's digest was created."""
    for hour in range(24):
        with time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC), tick=False):
            digests_queue()
    return {d.recipient.username: d.created_at.hour for d in Digest.objects.filter(created_at__date=day)}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # Both on winter time: London UTC+0, New York UTC-5.
        (dt.date(2026, 3, 6), {"rita": 8, "oscar": 13}),
        # New York moved its clocks on 8 March, London not yet.
        (dt.date(2026, 3, 9), {"rita": 8, "oscar": 12}),
        # London moved on 29 March: 08:00 BST is 07:00 UTC.
        (dt.date(2026, 3, 30), {"rita": 7, "oscar": 12}),
    ],
)
def test_digest_arrives_at_each_recruiters_local_hour_across_dst(recruiter, other_recruiter, day, expected):
    _overdue_candidate(recruiter)
    _overdue_candidate(other_recruiter)
    assert _queue_every_hour_of(day) == expected
    assert {d.local_date for d in Digest.objects.all()} == {day}


def test_no_digest_on_a_day_that_is_not_a_digest_day(recruiter):
    _overdue_candidate(recruiter)
    assert _queue_every_hour_of(dt.date(2026, 3, 7)) == {}  # a Saturday; digests are Monday to Friday


def test_queueing_twice_in_the_same_hour_makes_one_digest_and_one_email(
    recruiter, django_capture_on_commit_callbacks
):
    _overdue_candidate(recruiter)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with time_machine.travel(dt.datetime(2026, 3, 6, 8, 0, tzinfo=dt.UTC), tick=False):
            first = digests_queue()
        with time_machine.travel(dt.datetime(2026, 3, 6, 8, 40, tzinfo=dt.UTC), tick=False):
            second = digests_queue()
    assert len(first) == 1 and second == []
    assert len(callbacks) == 1
    assert Digest.objects.count() == 1
    assert len(mail.outbox) == 1
    assert Digest.objects.get().status == DigestStatus.SENT


def test_a_recruiter_with_nothing_due_gets_no_email(recruiter, other_recruiter, django_capture_on_commit_callbacks):
    _overdue_candidate(other_recruiter)
    with time_machine.travel(LONG_AGO, tick=False):
        CandidateFactory(owner=recruiter, tier=Tier.POOL)
    with (django_capture_on_commit_callbacks(execute=True),
          time_machine.travel(dt.datetime(2026, 2, 2, 8, 0, tzinfo=dt.UTC), tick=False)):
        digests_queue()  # 08:00 in London: rita's hour, but her pool candidate is not due until April
    assert not Digest.objects.filter(recipient=recruiter).exists()
    assert mail.outbox == []


def test_digests_switched_off_means_no_digest(recruiter):
    _overdue_candidate(recruiter)
    recruiter.profile.digests_enabled = False
    recruiter.profile.save()
    with time_machine.travel(dt.datetime(2026, 3, 6, 8, 0, tzinfo=dt.UTC), tick=False):
        assert digests_queue() == []


def test_a_missed_hour_is_caught_up_within_the_grace_window_only(recruiter):
    _overdue_candidate(recruiter)
    with time_machine.travel(dt.datetime(2026, 3, 6, 13, 0, tzinfo=dt.UTC), tick=False):
        assert digests_queue() == []  # five hours late: skipped rather than a morning digest in the afternoon
    with time_machine.travel(dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC), tick=False):
        assert len(digests_queue()) == 1  # beat was down at 08:00 and 09:00; 10:00 still sends it


def test_the_digest_lists_overdue_and_due_today_top_tier_first(recruiter, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://crm.example.com"
    warm = _overdue_candidate(recruiter, full_name="Walter Warm", tier=Tier.WARM)
    top = _overdue_candidate(recruiter, full_name="Tina <b>Top</b>", tier=Tier.TOP, current_title="Staff Engineer",
                             current_company="Acme")
    touch_point_log(candidate=top, kind=TouchKind.MEETING, occurred_at=dt.datetime(2026, 2, 1, 12, tzinfo=dt.UTC),
                    author=recruiter, summary="Coffee: open to talk after her vesting cliff")
    schedule_set_cadence(schedule=CheckInSchedule.objects.get(candidate=top), cadence_days=7,
                         preferred_channel=TouchKind.PHONE_CALL)
    today = _overdue_candidate(recruiter, full_name="Dana Today", tier=Tier.TOP)
    CheckInSchedule.objects.filter(candidate=today).update(next_due_at=dt.datetime(2026, 3, 6, 15, tzinfo=dt.UTC))
    _overdue_candidate(recruiter, full_name="Nora Nextweek")
    CheckInSchedule.objects.filter(candidate__full_name="Nora Nextweek").update(
        next_due_at=dt.datetime(2026, 3, 9, 9, tzinfo=dt.UTC))

    with (django_capture_on_commit_callbacks(execute=True),
          time_machine.travel(dt.datetime(2026, 3, 6, 8, 0, tzinfo=dt.UTC), tick=False)):
        digests_queue()

    digest = Digest.objects.get()
    assert (digest.overdue_count, digest.due_today_count) == (2, 1)
    assert [item["name"] for item in digest.content["items"]] == ["Tina <b>Top</b>", "Dana Today", "Walter Warm"]
    (email,) = mail.outbox
    assert email.subject == "2 check-ins overdue, 1 due today"
    assert email.to == ["rita@example.com"]
    text = email.body
    assert text.index("Tina <b>Top</b>") < text.index("Walter Warm") < text.index("DUE TODAY") < text.index("Dana")
    assert "Nora" not in text
    assert "Top tier - Staff Engineer at Acme" in text
    assert "25 days overdue; prefers phone call" in text  # touched 1 Feb, weekly cadence: due 8 Feb
    assert "Last touch: 1 Feb 2026 - Coffee: open to talk after her vesting cliff" in text
    assert f"https://crm.example.com/candidates/{top.pk}/" in text
    assert f"https://crm.example.com/candidates/{top.pk}/touch-points/new/?next=%2Fcandidates%2F{top.pk}%2F" in text
    assert "Due today at 15:00" in text  # London is on UTC in March
    assert f"https://crm.example.com/candidates/{warm.pk}/" in text
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert "Tina &lt;b&gt;Top&lt;/b&gt;" in html and "<b>Top</b>" not in html
    assert f'href="https://crm.example.com/candidates/{top.pk}/touch-points/new/?next=' in html
    assert "https://crm.example.com/settings/" in html


def test_dry_run_lists_who_would_get_a_digest_and_writes_nothing(recruiter, capsys):
    _overdue_candidate(recruiter)
    with time_machine.travel(dt.datetime(2026, 3, 6, 8, 5, tzinfo=dt.UTC), tick=False):
        call_command("queue_digests", "--dry-run")
    out = capsys.readouterr().out
    assert "Would queue daily digest for rita (2026-03-06): 1 check-in overdue" in out
    assert not Digest.objects.exists()


def test_manager_gets_the_weekly_team_digest_on_monday_their_time(
    recruiter, other_recruiter, manager, django_capture_on_commit_callbacks
):
    cold = _overdue_candidate(recruiter, full_name="Cole Cold", tier=Tier.TOP)
    _overdue_candidate(recruiter, tier=Tier.WARM)
    _overdue_candidate(other_recruiter, full_name="Rhea Returned", tier=Tier.WARM)
    with time_machine.travel(dt.datetime(2026, 3, 4, 10, tzinfo=dt.UTC), tick=False):
        candidate_update(candidate=cold.__class__.objects.get(full_name="Rhea Returned"), changed_by=other_recruiter,
                         stage=Stage.RE_ENGAGED)
    with django_capture_on_commit_callbacks(execute=True):
        with time_machine.travel(dt.datetime(2026, 3, 8, 8, tzinfo=dt.UTC), tick=False):
            assert manager_digests_queue() == []  # Sunday
        with time_machine.travel(dt.datetime(2026, 3, 9, 8, tzinfo=dt.UTC), tick=False):
            queued = manager_digests_queue()  # Monday 08:00 UTC, the manager's timezone
            manager_digests_queue()
    assert [q.recipient for q in queued] == [manager]
    digest = Digest.objects.get(kind=DigestKind.MANAGER_WEEKLY)
    assert digest.status == DigestStatus.SENT
    (email,) = mail.outbox
    assert email.to == ["mona@example.com"]
    assert email.subject == "Team week: 3 check-ins overdue, 1 re-engaged or rehired"
    assert "Rita Recruiter: 2" in email.body and "Oscar Other: 1" in email.body
    cold_section = email.body.split("TOP-TIER CANDIDATES GOING COLD")[1].split("RE-ENGAGED")[0]
    assert "Cole Cold" in cold_section and "Rhea" not in cold_section
    assert "Rhea Returned - Re-engaged on Wed 4 Mar, owner Oscar Other" in email.body


def test_a_digest_hour_skipped_by_the_spring_clock_change_still_arrives_that_morning(recruiter):
    recruiter.profile.digest_hour = 1  # 01:00 does not exist in London on 29 March 2026
    recruiter.profile.digest_weekdays = list(range(7))
    recruiter.profile.save()
    _overdue_candidate(recruiter)
    # 01:00 UTC is the moment London jumps from 01:00 GMT to 02:00 BST.
    assert _queue_every_hour_of(dt.date(2026, 3, 29)) == {"rita": 1}
    assert Digest.objects.get().local_date == dt.date(2026, 3, 29)


def test_a_long_digest_lists_the_most_urgent_and_links_to_the_rest(recruiter, django_capture_on_commit_callbacks,
                                                                   monkeypatch, settings):
    settings.SITE_URL = "https://crm.example.com"
    monkeypatch.setattr("outreach.digests.content.DIGEST_MAX_ITEMS", 2)
    pool = _overdue_candidate(recruiter, full_name="Pia Pool", tier=Tier.POOL)
    CheckInSchedule.objects.filter(candidate=pool).update(next_due_at=LONG_AGO)
    _overdue_candidate(recruiter, full_name="Tom Top", tier=Tier.TOP)
    _overdue_candidate(recruiter, full_name="Wes Warm", tier=Tier.WARM)
    with (django_capture_on_commit_callbacks(execute=True),
          time_machine.travel(dt.datetime(2026, 3, 6, 8, 0, tzinfo=dt.UTC), tick=False)):
        digests_queue()
    (email,) = mail.outbox
    assert email.subject == "3 check-ins overdue"
    assert "Tom Top" in email.body and "Wes Warm" in email.body and "Pia Pool" not in email.body
    assert "...and 1 more, lower tiers first to go. All of them: https://crm.example.com/" in email.body


def test_queue_digests_for_one_user_now_whatever_the_hour(recruiter, other_recruiter, capsys,
                                                          django_capture_on_commit_callbacks):
    _overdue_candidate(recruiter)
    with (django_capture_on_commit_callbacks(execute=True),
          time_machine.travel(dt.datetime(2026, 3, 7, 15, 0, tzinfo=dt.UTC), tick=False)):  # Saturday afternoon
        call_command("queue_digests", "--user", "rita")
        call_command("queue_digests", "--user", "rita")
        call_command("queue_digests", "--user", "oscar")
    out = capsys.readouterr().out
    assert "Queued daily digest for rita (2026-03-07): 1 check-in overdue" in out
    assert "No digest for rita: nothing due today, or today's digest already exists." in out
    assert "No digest for oscar" in out
    assert [m.to for m in mail.outbox] == [["rita@example.com"]]


def _selects(captured) -> int:
    return sum(query["sql"].startswith("SELECT") for query in captured.captured_queries)


def test_queueing_reads_as_often_for_a_team_as_for_one_recruiter(recruiter):
    _overdue_candidate(recruiter)
    with (time_machine.travel(dt.datetime(2026, 3, 6, 8, 0, tzinfo=dt.UTC), tick=False),
          CaptureQueriesContext(connection) as alone):
        assert len(digests_queue()) == 1
    Digest.objects.all().delete()
    for n in range(4):
        colleague = recruiter_create(username=f"rec{n}", email=f"rec{n}@example.com", password="pw-colleague-12345",
                                     timezone_name="Europe/London")
        _overdue_candidate(colleague)
    with (time_machine.travel(dt.datetime(2026, 3, 6, 8, 0, tzinfo=dt.UTC), tick=False),
          CaptureQueriesContext(connection) as team):
        assert len(digests_queue()) == 5
    # The profiles, the digests already there, the snapshots, and one read per section a nested
    # app registers (outreach.sequences: tasks, replies; outreach.newsletters: issues to approve;
    # outreach.watch: career news; outreach.signals: who to contact today, one read while nobody
    # has a signal): the same reads for 5 as for 1; only the inserts grow with the team.
    assert _selects(team) == _selects(alone) == 8


def test_one_run_snapshots_each_recruiter_up_to_the_end_of_their_own_day(
    recruiter, other_recruiter, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr("outreach.digests.content.DIGEST_MAX_ITEMS", 2)
    # 08:00 in London is 03:00 in New York (6 March): both digests fall due in the same run.
    other_recruiter.profile.digest_hour = 3
    other_recruiter.profile.save()
    for owner in (recruiter, other_recruiter):
        for tier in (Tier.TOP, Tier.WARM, Tier.POOL):
            candidate = _overdue_candidate(owner, full_name=f"{owner.username} {tier.label}", tier=tier)
        CheckInSchedule.objects.filter(candidate=candidate).update(next_due_at=LONG_AGO)  # the pool one too
        later = _overdue_candidate(owner, full_name=f"{owner.username} tonight", tier=Tier.TOP)
        # 02:00 UTC on 7 March: still 6 March in New York, already the 7th in London.
        CheckInSchedule.objects.filter(candidate=later).update(next_due_at=dt.datetime(2026, 3, 7, 2, tzinfo=dt.UTC))
    with (django_capture_on_commit_callbacks(execute=True),
          time_machine.travel(dt.datetime(2026, 3, 6, 8, 0, tzinfo=dt.UTC), tick=False)):
        queued = digests_queue()
    assert sorted(q.recipient.username for q in queued) == ["oscar", "rita"]
    rita, oscar = Digest.objects.get(recipient=recruiter), Digest.objects.get(recipient=other_recruiter)
    assert (rita.overdue_count, rita.due_today_count, rita.content["not_listed"]) == (3, 0, 1)
    assert [item["name"] for item in rita.content["items"]] == ["rita Top", "rita Warm"]
    assert (oscar.overdue_count, oscar.due_today_count, oscar.content["not_listed"]) == (3, 1, 2)
    assert [item["name"] for item in oscar.content["items"]] == ["oscar Top", "oscar tonight"]
    assert oscar.content["timezone"] == "America/New_York" and rita.content["timezone"] == "Europe/London"
    assert oscar.subject == "3 check-ins overdue, 1 due today"
    assert len(mail.outbox) == 2


def test_a_digest_already_there_for_one_recruiter_does_not_hold_up_the_others(
    recruiter, other_recruiter, django_capture_on_commit_callbacks
):
    other_recruiter.profile.digest_hour = 3
    other_recruiter.profile.save()
    _overdue_candidate(recruiter)
    _overdue_candidate(other_recruiter)
    with (django_capture_on_commit_callbacks(execute=True),
          time_machine.travel(dt.datetime(2026, 3, 6, 8, 0, tzinfo=dt.UTC), tick=False)):
        call_command("queue_digests", "--user", "rita")
        queued = digests_queue()
    assert [q.recipient.username for q in queued] == ["oscar"]
    assert Digest.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["oscar@example.com", "rita@example.com"]
