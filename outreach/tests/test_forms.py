"""The check-in forms: defaults, the recruiter's timezone, and every way input can be wrong."""
import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from candidates.dates import PLAN_AHEAD_DAYS
from candidates.tests.clocks import CLOCKS, clock, local
from candidates.tests.factories import CandidateFactory
from outreach.choices import MAX_CADENCE_DAYS
from outreach.forms import FeedbackShareForm, ScheduleForm, SnoozeForm, TouchPointForm
from outreach.services import schedule_set_cadence

NOW = dt.datetime(2026, 1, 30, 23, 30, tzinfo=dt.UTC)
SINGAPORE = zoneinfo.ZoneInfo("Asia/Singapore")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_touch_point_without_a_time_happened_now():
    form = TouchPointForm({"kind": "email", "direction": "outbound"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["occurred_at"] == NOW


def test_touch_time_is_the_recruiters_wall_clock():
    with timezone.override(SINGAPORE):
        form = TouchPointForm({"kind": "email", "direction": "outbound", "occurred_at": "2026-01-31T07:15"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["occurred_at"] == dt.datetime(2026, 1, 30, 23, 15, tzinfo=dt.UTC)


def test_a_touch_one_minute_ahead_is_in_the_future():
    with timezone.override(SINGAPORE):
        # 07:31 in Singapore is 23:31 UTC, a minute from now.
        form = TouchPointForm({"kind": "email", "direction": "outbound", "occurred_at": "2026-01-31T07:31"})
        assert not form.is_valid()
    assert form.errors["occurred_at"][0].startswith("That is in the future")


def test_the_current_minute_means_now_so_the_touch_sorts_after_earlier_entries():
    a_few_seconds_in = NOW + dt.timedelta(seconds=42)
    with time_machine.travel(a_few_seconds_in, tick=False), timezone.override(SINGAPORE):
        form = TouchPointForm({"kind": "email", "direction": "outbound", "occurred_at": "2026-01-31T07:30"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["occurred_at"] == a_few_seconds_in


def test_the_default_time_is_shown_in_the_recruiters_timezone():
    with timezone.override(SINGAPORE):
        html = str(TouchPointForm(initial={"occurred_at": timezone.now()})["occurred_at"])
    assert 'type="datetime-local"' in html and 'value="2026-01-31T07:30"' in html


def test_feedback_shared_is_not_a_channel_to_pick_by_hand():
    assert not TouchPointForm({"kind": "feedback_shared", "direction": "outbound"}).is_valid()
    assert not ScheduleForm({"cadence": "7", "preferred_channel": "feedback_shared"}).is_valid()


@pytest.mark.parametrize(("data", "days"), [
    ({"cadence": "7"}, 7), ({"cadence": "14"}, 14), ({"cadence": "30"}, 30), ({"cadence": "90"}, 90),
    ({"cadence": "custom", "custom_days": "1"}, 1), ({"cadence": "custom", "custom_days": "730"}, 730),
    ({"cadence": "30", "custom_days": "-5"}, 30),
])
def test_cadence_presets_and_custom_days(data, days):
    form = ScheduleForm({"preferred_channel": "email", **data})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["cadence_days"] == days


def test_cadence_below_one_day_is_an_inline_error():
    form = ScheduleForm({"cadence": "custom", "custom_days": "0", "preferred_channel": "email"})
    assert not form.is_valid()
    assert form.errors["custom_days"] == ["The cadence must be at least 1 day."]
    assert "cadence_days" not in form.cleaned_data


@pytest.mark.django_db
@pytest.mark.parametrize(("days", "initial"), [(14, ("14", None)), (45, ("custom", 45))])
def test_schedule_form_starts_from_the_current_cadence(days, initial):
    schedule = CandidateFactory().schedule
    schedule_set_cadence(schedule=schedule, cadence_days=days, preferred_channel="phone_call")
    values = ScheduleForm.initial_for(schedule)
    assert (values["cadence"], values["custom_days"], values["preferred_channel"]) == (*initial, "phone_call")


@pytest.mark.parametrize(("period", "until"), [
    ("1w", NOW + dt.timedelta(weeks=1)),
    ("2w", NOW + dt.timedelta(weeks=2)),
    # A calendar month, clamped to the end of a short month.
    ("1m", dt.datetime(2026, 2, 28, 23, 30, tzinfo=dt.UTC)),
])
def test_snooze_periods(period, until):
    form = SnoozeForm({"period": period})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["until_at"] == until


def test_snooze_until_a_date_wins_over_a_period():
    with timezone.override(SINGAPORE):
        form = SnoozeForm({"period": "1w", "until": "2026-03-01"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["until_at"] == dt.datetime(2026, 2, 28, 16, 0, tzinfo=dt.UTC)


def test_snooze_until_today_is_not_in_the_future():
    with timezone.override(SINGAPORE):
        # It is already 31 January in Singapore.
        assert "until" in SnoozeForm({"until": "2026-01-31"}).errors
        assert SnoozeForm({"until": "2026-02-01"}).is_valid()


def test_sharing_feedback_defaults_to_now_and_refuses_the_future():
    form = FeedbackShareForm({"via": "email"})
    assert form.is_valid() and form.cleaned_data["shared_at"] == NOW
    assert "shared_at" in FeedbackShareForm({"via": "email", "shared_at": "2026-02-01T00:00"}).errors


# --- Dates: HAPPENED for when things took place, PLANNED for a snooze; judged where the recruiter is ---

def _when_forms(typed: str) -> dict:
    """Every form taking a time something happened, with `typed` in it."""
    return {
        "occurred_at": TouchPointForm({"kind": "email", "direction": "outbound", "occurred_at": typed}),
        "shared_at": FeedbackShareForm({"via": "email", "shared_at": typed}),
    }


@pytest.mark.parametrize(("zone", "instant", "today"), CLOCKS)
def test_times_run_from_local_midnight_1970_to_now(zone, instant, today):
    with clock(zone, instant):
        for typed in (local(instant, zone), "1970-01-01T00:00"):
            for name, form in _when_forms(typed).items():
                assert form.is_valid(), (name, typed, form.errors)
        outside = [(local(instant + dt.timedelta(minutes=1), zone), "too_late"), ("1969-12-31T23:59", "too_early"),
                   ("0001-01-01T00:00", "too_early"), ("1900-01-01T09:00", "too_early"),
                   ("9999-12-31T23:59", "too_late")]
        for typed, code in outside:
            for name, form in _when_forms(typed).items():
                assert not form.is_valid()
                assert [error.code for error in form.errors.as_data()[name]] == [code], (name, typed)
                assert "from 1 Jan 1970 to now" in form.errors[name][0]


@pytest.mark.parametrize(("zone", "instant", "today"), CLOCKS)
def test_snooze_until_runs_from_tomorrow_to_730_days_ahead_where_the_recruiter_is(zone, instant, today):
    last = today + dt.timedelta(days=730)
    with clock(zone, instant):
        for day in (today + dt.timedelta(days=1), last):
            form = SnoozeForm({"until": day.isoformat()})
            assert form.is_valid(), (day, form.errors)
            assert form.cleaned_data["until_at"] == dt.datetime.combine(day, dt.time.min,
                                                                        tzinfo=zoneinfo.ZoneInfo(zone))
        for day, code in ((today, "too_early"), (dt.date(1, 1, 1), "too_early"),
                          (last + dt.timedelta(days=1), "too_late"), (dt.date(9999, 12, 31), "too_late")):
            form = SnoozeForm({"until": day.isoformat()})
            assert [error.code for error in form.errors.as_data()["until"]] == [code], day
            assert "until_at" not in form.cleaned_data


@pytest.mark.parametrize("typed", ["2026-01-30T09:00\x00", "2026-01-30 09:00\x1f", "\x0b2026-01-30T09:00",
                                   "2026-01-30T09:00\n", "2026-01-30T09:00\x7f"])
def test_a_time_with_a_control_character_is_not_a_time(typed):
    for name, form in _when_forms(typed).items():
        assert not form.is_valid()
        assert form.errors[name] == ["Enter a valid date/time."]
    assert SnoozeForm({"until": typed[:10] + "\x00"}).errors["until"] == ["Enter a valid date."]


def test_the_longest_cadence_fits_the_planned_window():
    # A touch logged now plans the next check-in at most MAX_CADENCE_DAYS ahead; it must be a valid plan.
    assert MAX_CADENCE_DAYS <= PLAN_AHEAD_DAYS
