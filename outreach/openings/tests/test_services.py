"""Opening writes: created open, edited without touching the status, the status changed with its date."""
import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from outreach.openings.choices import OpeningStatus
from outreach.openings.models import Opening
from outreach.openings.services import opening_create, opening_set_status, opening_update

from .factories import OpeningFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 5, 4, 9, 30, tzinfo=dt.UTC)


def test_a_new_opening_is_open_from_now_with_clean_skills(manager):
    with time_machine.travel(NOW, tick=False):
        opening = opening_create(title="Staff Engineer", pay_currency="GBP", pay_min=120_000, pay_max=150_000,
                                 hiring_manager=manager, created_by=manager,
                                 skills=[" Python ", "python", "", "Django  REST"])
    opening.refresh_from_db()
    assert opening.status == OpeningStatus.OPEN
    assert opening.opened_at == NOW
    assert opening.skills == ["Python", "Django REST"]
    assert opening.created_by == manager


def test_editing_changes_the_fields_and_nothing_else(manager):
    opening = OpeningFactory(hiring_manager=manager, status=OpeningStatus.ON_HOLD, opened_at=NOW)
    opening_update(opening=opening, title="Principal Engineer", pay_max=180_000, skills=["Go", "go", "Rust"])
    opening.refresh_from_db()
    assert (opening.title, opening.pay_max, opening.skills) == ("Principal Engineer", 180_000, ["Go", "Rust"])
    assert (opening.status, opening.opened_at) == (OpeningStatus.ON_HOLD, NOW)


def test_editing_refuses_the_status(manager):
    opening = OpeningFactory(hiring_manager=manager)
    with pytest.raises(TypeError):
        opening_update(opening=opening, status=OpeningStatus.FILLED)
    assert Opening.objects.get(pk=opening.pk).status == OpeningStatus.OPEN


@pytest.mark.parametrize("was", [OpeningStatus.ON_HOLD, OpeningStatus.FILLED])
def test_opening_again_is_a_new_opening_from_now(manager, was):
    opening = OpeningFactory(hiring_manager=manager, status=was, opened_at=NOW - dt.timedelta(days=90))
    with time_machine.travel(NOW, tick=False):
        assert opening_set_status(opening=opening, status=OpeningStatus.OPEN) is True
    opening.refresh_from_db()
    assert (opening.status, opening.opened_at) == (OpeningStatus.OPEN, NOW)


@pytest.mark.parametrize("to", [OpeningStatus.ON_HOLD, OpeningStatus.FILLED])
def test_holding_or_filling_keeps_when_it_opened(manager, to):
    opened = NOW - dt.timedelta(days=10)
    opening = OpeningFactory(hiring_manager=manager, opened_at=opened)
    assert opening_set_status(opening=opening, status=to) is True
    opening.refresh_from_db()
    assert (opening.status, opening.opened_at) == (to, opened)


def test_the_same_status_again_changes_nothing(manager):
    opened = timezone.now() - dt.timedelta(days=3)
    opening = OpeningFactory(hiring_manager=manager, opened_at=opened)
    assert opening_set_status(opening=opening, status=OpeningStatus.OPEN) is False
    assert Opening.objects.get(pk=opening.pk).opened_at == opened


def test_an_unknown_status_is_refused(manager):
    opening = OpeningFactory(hiring_manager=manager)
    with pytest.raises(ValueError):
        opening_set_status(opening=opening, status="closed")
