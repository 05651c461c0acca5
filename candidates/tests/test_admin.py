"""The Django admin is where admins add team members; the profile sits on the user's page."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_team_members_admin_page_shows_timezone_and_digest_settings(client, admin_user, recruiter):
    client.force_login(admin_user)
    response = client.get(reverse("admin:auth_user_change", args=[recruiter.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Recruiter profile" in html
    assert 'name="profile-0-timezone"' in html
    assert "Europe/London" in html


def test_every_model_has_an_admin_list_page(client, admin_user):
    client.force_login(admin_user)
    for name in ["candidate", "interview", "feedback", "careerupdate", "stagechange", "recruiterprofile"]:
        assert client.get(reverse(f"admin:candidates_{name}_changelist")).status_code == 200
    for name in ["touchpoint", "checkinschedule", "digest"]:
        assert client.get(reverse(f"admin:outreach_{name}_changelist")).status_code == 200
