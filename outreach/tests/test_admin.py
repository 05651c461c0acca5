"""The outreach admin pages."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory
from outreach.models import CheckInSchedule

pytestmark = pytest.mark.django_db


def test_a_schedules_admin_page_shows_the_owner_and_tier_copies_without_editing_them(client, admin_user, recruiter):
    candidate = CandidateFactory(owner=recruiter, tier=Tier.TOP)
    client.force_login(admin_user)
    response = client.get(reverse("admin:outreach_checkinschedule_change", args=[candidate.schedule.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    # They follow the candidate; an edit here would set them apart from it.
    assert 'name="owner"' not in html and 'name="tier"' not in html
    assert "rita" in html and "Top" in html


def test_schedules_are_not_added_or_moved_in_the_admin(client, admin_user, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    client.force_login(admin_user)
    # Every candidate already has one, made with it; an added one would lack the owner/tier copies.
    assert client.get(reverse("admin:outreach_checkinschedule_add")).status_code == 403
    html = client.get(reverse("admin:outreach_checkinschedule_change", args=[candidate.schedule.pk])).content.decode()
    assert 'name="candidate"' not in html


def _schedule_form(schedule, **values) -> dict:
    """The admin's schedule form as a browser posts it, times split into date and time."""
    data = {"cadence_days": schedule.cadence_days, "preferred_channel": schedule.preferred_channel,
            "last_touch_summary": "", "paused": ""}
    for name in ("last_touch_at", "next_due_at", "snoozed_until", "overdue_since"):
        moment = values.pop(name, getattr(schedule, name))
        data |= {f"{name}_0": moment.date().isoformat() if moment else "",
                 f"{name}_1": moment.time().isoformat("seconds") if moment else ""}
    return {key: str(value) for key, value in (data | values).items()}


def test_a_plan_typed_in_the_admin_must_fall_in_the_planned_window(client, admin_user, recruiter):
    schedule = CandidateFactory(owner=recruiter).schedule
    client.force_login(admin_user)
    url = reverse("admin:outreach_checkinschedule_change", args=[schedule.pk])
    year_one = dt.datetime(1, 1, 1, tzinfo=dt.UTC)
    response = client.post(url, _schedule_form(schedule, next_due_at=year_one, snoozed_until=year_one))
    assert response.status_code == 200
    assert response.content.decode().count("That is in the past: pick a time from today") == 2
    response = client.post(url, _schedule_form(schedule, last_touch_at=dt.datetime(2999, 1, 1, tzinfo=dt.UTC)))
    assert "That is in the future: enter a time from 1 Jan 1970 to now." in response.content.decode()
    assert CheckInSchedule.objects.get(pk=schedule.pk).next_due_at == schedule.next_due_at


def test_an_overdue_plan_left_as_it_was_does_not_stop_an_admin_edit(client, admin_user, recruiter):
    schedule = CandidateFactory(owner=recruiter).schedule
    overdue = timezone.now().replace(microsecond=0) - dt.timedelta(days=40)
    CheckInSchedule.objects.filter(pk=schedule.pk).update(next_due_at=overdue, snoozed_until=overdue)
    schedule.refresh_from_db()
    client.force_login(admin_user)
    url = reverse("admin:outreach_checkinschedule_change", args=[schedule.pk])
    response = client.post(url, _schedule_form(schedule, cadence_days=7))
    assert response.status_code == 302
    assert CheckInSchedule.objects.get(pk=schedule.pk).cadence_days == 7
