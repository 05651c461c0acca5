"""The signal job: what a pass stores, what it leaves alone, and what an incremental pass looks at."""
import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from candidates.choices import GotAwayReason
from candidates.tests.factories import CandidateFactory
from outreach.choices import Direction, TouchKind
from outreach.models import TouchPoint
from outreach.openings.choices import OpeningStatus
from outreach.services import touch_point_log
from outreach.signals.choices import SignalKind, SignalState
from outreach.signals.job import signals_refresh
from outreach.signals.models import Signal, SignalRun
from outreach.signals.services import SignalClosed, signal_dismiss

pytestmark = pytest.mark.django_db


def live():
    return set(Signal.objects.filter(state=SignalState.LIVE).values_list("candidate_id", "kind"))


def later(hours):
    return time_machine.travel(timezone.now() + dt.timedelta(hours=hours), tick=False)


def test_a_first_pass_is_full_and_stores_each_signal_once(ada, opening):
    run = signals_refresh()
    assert run.full and run.since is None and run.found == 1
    signal = Signal.objects.get()
    assert (signal.candidate, signal.kind, signal.opening, signal.state) == (
        ada, SignalKind.BAND_COVERS_ASK, opening, SignalState.LIVE)
    assert signal.reason == "The Staff Engineer band now reaches £150k; Ada asked £140k."
    signals_refresh()
    assert Signal.objects.count() == 1


def test_the_next_pass_is_incremental_from_the_previous_one(ada, opening):
    first = signals_refresh()
    with later(1):
        second = signals_refresh()
    assert not second.full
    assert second.since == first.started_at - dt.timedelta(minutes=5)


def test_a_dismissed_signal_never_comes_back(ada, opening, recruiter):
    signals_refresh()
    signal_dismiss(signal=Signal.objects.get(), user=recruiter)
    with later(1):
        signals_refresh()
    with later(30):
        signals_refresh(full=True)
    signal = Signal.objects.get()
    assert signal.state == SignalState.DISMISSED and signal.closed_by == recruiter
    with pytest.raises(SignalClosed):
        signal_dismiss(signal=signal, user=recruiter)


def test_a_second_opening_is_a_new_reason_even_after_dismissing_the_first(ada, opening, recruiter, manager):
    from .factories import OpeningFactory

    signals_refresh()
    signal_dismiss(signal=Signal.objects.get(), user=recruiter)
    with later(1):
        OpeningFactory(title="Principal Engineer", hiring_manager=manager, pay_max=160_000)
        signals_refresh()
    assert Signal.objects.filter(state=SignalState.LIVE).count() == 1


def test_getting_in_touch_acts_on_the_candidates_signals(ada, opening, recruiter):
    signals_refresh()
    touch_point_log(candidate=ada, kind=TouchKind.PHONE_CALL, occurred_at=timezone.now(), author=recruiter)
    signal = Signal.objects.get()
    assert signal.state == SignalState.ACTED and signal.closed_by == recruiter
    with later(1):
        signals_refresh()
    assert Signal.objects.get().state == SignalState.ACTED


def test_their_reply_does_not_count_as_acting(ada, opening):
    signals_refresh()
    touch_point_log(candidate=ada, kind=TouchKind.EMAIL, occurred_at=timezone.now(), author=None,
                    direction=Direction.INBOUND)
    assert Signal.objects.get(kind=SignalKind.BAND_COVERS_ASK).state == SignalState.LIVE


def test_filling_the_opening_removes_its_live_signals_on_the_next_pass(ada, opening):
    signals_refresh()
    with later(1):
        opening.status = OpeningStatus.FILLED
        opening.save()
        run = signals_refresh()
    assert not run.full and run.removed == 1
    assert not Signal.objects.exists()


def test_an_incremental_pass_sees_a_changed_candidate(ada, opening, recruiter):
    signals_refresh()
    with later(1):
        grace = CandidateFactory(full_name="Grace Hopper", owner=recruiter, expected_pay_currency="GBP",
                                 got_away_reason=GotAwayReason.COMPENSATION_GAP, expected_pay=150_000,
                                 skills=["Python", "PostgreSQL"])
        run = signals_refresh()
    assert not run.full
    assert live() == {(ada.pk, SignalKind.BAND_COVERS_ASK), (grace.pk, SignalKind.BAND_COVERS_ASK)}


def test_an_incremental_pass_drops_a_signal_whose_reason_went(ada, opening):
    signals_refresh()
    with later(1):
        ada.expected_pay = 180_000
        ada.save()
        signals_refresh()
    assert live() == set()


def test_do_not_contact_removes_their_signals(ada, opening):
    signals_refresh()
    with later(1):
        ada.do_not_contact = True
        ada.save()
        signals_refresh()
    assert live() == set()


def test_an_incremental_pass_leaves_unchanged_candidates_alone(ada, opening):
    """What it did not look at stays as it was: here a reason changed behind the job's back (no updated_at)."""
    signals_refresh()
    with later(1):
        signals_refresh()
    with later(2):
        type(ada).objects.filter(pk=ada.pk).update(expected_pay=180_000)
        run = signals_refresh()
        assert not run.full and live() == {(ada.pk, SignalKind.BAND_COVERS_ASK)}
    with later(30):
        assert signals_refresh().full
    assert live() == set()


def test_warming_up_expires(ada):
    TouchPoint.objects.create(candidate=ada, kind=TouchKind.EMAIL, direction=Direction.INBOUND,
                              occurred_at=timezone.now() - dt.timedelta(days=13))
    signals_refresh()
    assert live() == {(ada.pk, SignalKind.WARMING_UP)}
    with later(25):
        signals_refresh()
    assert live() == set()


def test_every_pass_is_recorded(ada, opening):
    signals_refresh()
    with later(1):
        signals_refresh()
    assert [run.full for run in SignalRun.objects.all()] == [False, True]


def test_the_command_runs_a_pass_and_says_what_it_found(ada, opening):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("refresh_signals", "--full", stdout=out)
    assert out.getvalue().startswith("Full pass: 1 signal found, 0 no longer holding, in ")
