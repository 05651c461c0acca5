"""The outreach admin pages."""
import pytest
from django.urls import reverse

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory

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
