"""The stored possible duplicates: kept up to date from the candidates' changes, listed a page at a time."""
import pytest
from django.urls import reverse

from candidates.services import candidate_update
from candidates.tests.factories import CandidateFactory
from outreach.duplicates import views
from outreach.duplicates.finding import duplicates_backlog, duplicates_rebuild, duplicates_refresh
from outreach.duplicates.models import DuplicatePair
from outreach.duplicates.tasks import rebuild_duplicates

pytestmark = pytest.mark.django_db


def _listed(manager_client, page: int = 1) -> str:
    return manager_client.get(reverse("duplicates:list"), {"page": page}).content.decode()


def _stored() -> set[tuple[int, int, str]]:
    return set(DuplicatePair.objects.values_list("first_id", "second_id", "why"))


def test_an_edit_that_makes_two_people_alike_is_listed_on_the_next_visit(manager_client, recruiter):
    ada = CandidateFactory(owner=recruiter, full_name="Ada Lovelace", current_company="Analytical Engines")
    other = CandidateFactory(owner=recruiter, full_name="Lovelace Ada", current_company="Babbage & Co")
    assert "Lovelace Ada" not in _listed(manager_client)
    candidate_update(candidate=other, changed_by=recruiter, current_company=" analytical engines")
    page = _listed(manager_client)
    assert "Similar names (100 %) at analytical engines" in page and "Lovelace Ada" in page
    # Moving away takes the pair off again, and so does removing one of the two.
    candidate_update(candidate=other, changed_by=recruiter, current_company="Babbage & Co")
    assert "Lovelace Ada" not in _listed(manager_client)
    candidate_update(candidate=other, changed_by=recruiter, current_company="Analytical Engines")
    assert "Lovelace Ada" in _listed(manager_client)
    ada.delete()
    assert "Lovelace Ada" not in _listed(manager_client)


def test_the_first_of_a_shared_profile_stays_paired_when_the_first_one_goes(manager_client, recruiter):
    url = "https://www.linkedin.com/in/grace-h/"
    first, second, third = (CandidateFactory(owner=recruiter, full_name=name, linkedin_url=url)
                            for name in ("Grace Hopper", "G. Hopper", "Amazing Grace"))
    page = _listed(manager_client)
    assert page.count("Same LinkedIn profile (linkedin.com/in/grace-h)") == 2
    first.delete()
    page = _listed(manager_client)
    assert page.count("Same LinkedIn profile (linkedin.com/in/grace-h)") == 1
    assert "G. Hopper" in page and "Amazing Grace" in page


def test_the_catch_up_gives_the_same_pairs_as_comparing_everyone_again(manager, recruiter):
    for n in range(6):
        CandidateFactory(owner=recruiter, full_name=f"Sam Taylor{'s' if n % 2 else ''}", current_company="Initech",
                         linkedin_url=f"linkedin.com/in/sam-{n % 3}")
    CandidateFactory(owner=recruiter, full_name="Someone Else", current_company="Initech")
    assert duplicates_refresh() == 0
    caught_up = _stored()
    assert duplicates_rebuild() == len(caught_up) and _stored() == caught_up
    assert len([why for *_, why in caught_up if why.startswith("Same LinkedIn")]) == 3
    assert not [why for *_, why in caught_up if "Someone" in why]
    assert duplicates_backlog() == 0
    assert rebuild_duplicates.delay().get() == len(caught_up)


def test_a_big_backlog_goes_to_the_worker_and_the_page_says_so(manager_client, recruiter, monkeypatch):
    duplicates_rebuild()
    CandidateFactory(owner=recruiter, full_name="Ada Lovelace", current_company="Engines")
    CandidateFactory(owner=recruiter, full_name="Ada Lovelace", current_company="Engines")
    monkeypatch.setattr(views, "PAGE_CATCH_UP", 1)
    # The page leaves the two changes to the worker (run in-process here, while the page renders).
    page = _listed(manager_client)
    assert "recent changes to candidates are still being compared" in page
    assert duplicates_backlog() == 0 and "Similar names (100 %) at engines" in page
    assert "still being compared" not in _listed(manager_client)


def test_the_list_pages_fifty_pairs_at_a_time_in_few_queries(manager_client, recruiter,
                                                             django_assert_max_num_queries):
    for n in range(55):
        for name in ("Jo Bloggs", "Bloggs Jo"):
            CandidateFactory(owner=recruiter, full_name=name, current_company=f"Firm {n:02d}")
    first = _listed(manager_client)
    assert first.count("Compare and merge<") == 50 and "Page 1 of 2" in first
    with django_assert_max_num_queries(14):
        second = _listed(manager_client, page=2)
    assert second.count("Compare and merge<") == 5 and "at firm 54" in second and "at firm 54" not in first
    assert manager_client.get(reverse("duplicates:list"), {"page": 9}).status_code == 404
