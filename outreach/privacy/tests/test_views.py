"""The privacy page and its actions: admins only; an erasure asks once more and then happens."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from candidates.tests.factories import CandidateFactory
from outreach.privacy.erasure import ERASED_NAME
from outreach.privacy.models import DataRequest, Erasure, RetentionReview, RetentionRun, RetentionSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def zoe(recruiter):
    return CandidateFactory(owner=recruiter, full_name="Zoë <b>Quinn</b>", email="zoe@example.com")


@pytest.fixture
def erasure_request(zoe):
    return DataRequest.objects.create(candidate=zoe, kind="erasure",
                                      received_on=timezone.localdate() - dt.timedelta(days=35))


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _flag(candidate, days=30):
    return RetentionReview.objects.create(candidate=candidate, reason="No touch for 36 months and no current consent",
                                          flagged_on=timezone.localdate(),
                                          erase_on=timezone.localdate() + dt.timedelta(days=days))


@pytest.mark.parametrize("role", ["recruiter", "manager"])
def test_only_admins_see_the_page_and_the_nav_link(client, request, role, erasure_request):
    user = request.getfixturevalue(role)
    client.force_login(user)
    for name, args in (("privacy:overview", []), ("privacy:erase", [erasure_request.pk]),
                       ("privacy:retention", [])):
        assert client.get(reverse(name, args=args)).status_code == 403
    assert client.post(reverse("privacy:erase", args=[erasure_request.pk])).status_code == 403
    assert 'href="/privacy/"' not in client.get(reverse("outreach:my_checkins")).content.decode()
    assert Candidate.objects.get(pk=erasure_request.candidate_id).full_name == "Zoë <b>Quinn</b>"


def test_the_page_lists_open_requests_with_what_is_late_and_the_flagged(
        admin_client, zoe, erasure_request, recruiter, django_assert_max_num_queries):
    for n in range(3):
        _flag(CandidateFactory(owner=recruiter, full_name=f"Flagged {n}"), days=n)
    RetentionRun.objects.create(ran_on=timezone.localdate(), finished_at=timezone.now(), flagged=3, erased=1, kept=2)
    # The same number of queries however many are listed (the first visit also creates the rule's row).
    with django_assert_max_num_queries(14):
        response = admin_client.get(reverse("privacy:overview"))
    page = response.content.decode()
    assert 'href="/privacy/"' in page  # the nav link
    assert "Zoë &lt;b&gt;Quinn&lt;/b&gt;" in page and "<b>Quinn" not in page
    assert "4 days late" in page and reverse("privacy:erase", args=[erasure_request.pk]) in page
    assert [r.candidate.full_name for r in response.context["flagged"]] == ["Flagged 0", "Flagged 1", "Flagged 2"]
    assert "tonight" in page  # Flagged 0 is due today
    assert response.context["runs"][0].erased == 1


def test_erasing_asks_first_with_what_goes_then_erases_and_completes_the_request(admin_client, zoe, erasure_request):
    url = reverse("privacy:erase", args=[erasure_request.pk])
    page = admin_client.get(url).content.decode()
    assert "This cannot be undone" in page and "Check in schedules: 1" in page and "Stage changes: 1" in page
    zoe.refresh_from_db()
    assert zoe.full_name == "Zoë <b>Quinn</b>"  # a GET changes nothing
    response = admin_client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("privacy:overview")
    assert f"Candidate #{zoe.pk} was erased" in response.content.decode()
    zoe.refresh_from_db()
    erasure_request.refresh_from_db()
    assert zoe.full_name == ERASED_NAME and erasure_request.completed_on == timezone.localdate()
    # Again: nothing to erase, said plainly.
    again = admin_client.post(url, follow=True)
    assert "was erased already" in again.content.decode() and Erasure.objects.count() == 1


def test_only_an_erasure_request_with_a_candidate_can_be_erased(admin_client, zoe):
    access = DataRequest.objects.create(candidate=zoe, kind="access", received_on=timezone.localdate())
    assert admin_client.post(reverse("privacy:erase", args=[access.pk])).status_code == 404
    nobody = DataRequest.objects.create(kind="erasure", received_on=timezone.localdate())
    response = admin_client.post(reverse("privacy:erase", args=[nobody.pk]), follow=True)
    assert "names no candidate" in response.content.decode()
    assert not Erasure.objects.exists()


def test_keep_takes_a_candidate_off_the_erasure_list_for_a_year(admin_client, zoe, admin_user):
    review = _flag(zoe)
    assert admin_client.get(reverse("privacy:keep", args=[review.pk])).status_code == 405
    response = admin_client.post(reverse("privacy:keep", args=[review.pk]), follow=True)
    review.refresh_from_db()
    assert (review.status, review.kept_by) == ("kept", admin_user)
    assert review.kept_until.year == timezone.localdate().year + 1
    assert "is kept" in response.content.decode()
    assert response.context["flagged"] == [] and response.context["kept"] == [review]
    # Keeping one already kept is a 404, not a second keep.
    assert admin_client.post(reverse("privacy:keep", args=[review.pk])).status_code == 404


def test_the_retention_rule_is_edited_with_inline_errors(admin_client):
    url = reverse("privacy:retention")
    response = admin_client.post(url, {"enabled": "on", "months_without_touch": "2", "grace_days": "30"})
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 6" in response.content.decode()
    assert RetentionSettings.current().enabled is False  # nothing half-saved
    response = admin_client.post(url, {"enabled": "on", "months_without_touch": "24", "grace_days": "14"})
    assert response.status_code == 302
    rule = RetentionSettings.current()
    assert (rule.enabled, rule.months_without_touch, rule.grace_days) == (True, 24, 14)


def test_the_admin_action_leads_to_the_confirmation(admin_client, erasure_request):
    url = reverse("admin:privacy_datarequest_changelist")
    response = admin_client.post(url, {"action": "erase_candidate", "_selected_action": [erasure_request.pk]})
    assert response.status_code == 302 and response["Location"] == reverse("privacy:erase",
                                                                           args=[erasure_request.pk])
    access = DataRequest.objects.create(candidate=erasure_request.candidate, kind="access",
                                        received_on=timezone.localdate())
    response = admin_client.post(url, {"action": "erase_candidate", "_selected_action": [access.pk]}, follow=True)
    assert "Select one erasure request with its candidate." in response.content.decode()
