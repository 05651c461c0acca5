"""The duplicates list and the merge screen, as a manager uses them."""
import pytest
from django.urls import reverse

from candidates.models import Candidate
from candidates.tests.factories import CandidateFactory
from outreach.duplicates.models import CandidateMerge

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(recruiter):
    first = CandidateFactory(owner=recruiter, full_name="Grace Hopper", email="grace@example.com",
                             current_company="Navy", linkedin_url="https://www.linkedin.com/in/grace/")
    second = CandidateFactory(owner=recruiter, full_name="Hopper Grace", email="g.hopper@example.com",
                              current_company="navy ", phone="+1 555", linkedin_url="linkedin.com/in/Grace")
    CandidateFactory(owner=recruiter, full_name="Alan Turing", email="alan@example.com", current_company="Navy")
    return first, second


def test_the_list_shows_pairs_sharing_a_profile_or_a_similar_name_at_the_same_company(manager_client, twins):
    page = manager_client.get(reverse("duplicates:list")).content.decode()
    assert "Same LinkedIn profile (linkedin.com/in/grace)" in page
    assert "Similar names (100 %) at navy" in page
    assert "Alan Turing" not in page


def test_merging_from_the_screen_keeps_the_picked_values_and_can_be_undone(manager_client, twins):
    first, second = twins
    url = reverse("duplicates:merge") + f"?first={first.pk}&second={second.pk}"
    response = manager_client.get(url)
    assert "+1 555" in response.content.decode() and "(empty)" in response.content.decode()
    picks = {f"pick_{name}": "first" for name in response.context["form"].differing}
    response = manager_client.post(url, {**picks, "keep": first.pk, "pick_phone": "second"})
    merge = CandidateMerge.objects.get()
    assert response.url == merge.get_absolute_url()
    first.refresh_from_db()
    assert (first.phone, first.email) == ("+1 555", "grace@example.com")
    assert not Candidate.objects.filter(pk=second.pk).exists()
    response = manager_client.post(reverse("duplicates:merge_undo", args=[merge.pk]))
    assert response.url == reverse("candidates:detail", args=[second.pk])
    first.refresh_from_db()
    assert first.phone == ""


def test_recruiters_cannot_merge(recruiter_client, twins):
    assert recruiter_client.get(reverse("duplicates:list")).status_code == 403


def test_the_merge_screen_without_a_pair_sends_back_to_the_list(manager_client):
    assert manager_client.get(reverse("duplicates:merge") + "?first=1&second=x").url == reverse("duplicates:list")


def test_the_merge_screen_shows_tags_and_the_ask_and_keeps_an_amount_with_its_currency(manager_client, twins):
    first, second = twins
    Candidate.objects.filter(pk=first.pk).update(skills=["Python", "Django"], expected_pay_currency="GBP",
                                                 expected_pay=120_000)
    Candidate.objects.filter(pk=second.pk).update(skills=["COBOL"], expected_pay_currency="USD",
                                                  expected_pay=150_000, open_to_remote=True)
    url = reverse("duplicates:merge") + f"?first={first.pk}&second={second.pk}"
    response = manager_client.get(url)
    page = response.content.decode()
    assert "Python, Django" in page and "£120k" in page and "$150k" in page
    differing = response.context["form"].differing
    assert {"skills", "expected_pay", "open_to_remote"} <= set(differing)
    assert "expected_pay_currency" not in differing  # picked with the amount, never on its own
    picks = {f"pick_{name}": "first" for name in differing}
    manager_client.post(url, {**picks, "keep": first.pk, "pick_expected_pay": "second", "pick_skills": "second"})
    first.refresh_from_db()
    assert (first.skills, first.expected_pay_currency, first.expected_pay) == (["COBOL"], "USD", 150_000)
