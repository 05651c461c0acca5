"""The candidate list's filter bar as the page sends it: the phone's Filters toggle and its count."""
import re

import pytest
from django.urls import reverse

from candidates.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def _toggle(response) -> str:
    match = re.search(r'<button class="[^"]*filters-toggle.*?</button>', response.content.decode(), re.S)
    assert match, "the page has a Filters toggle"
    return " ".join(match[0].split())


def test_the_toggle_counts_the_filters_in_use_but_not_the_sort(recruiter_client, recruiter):
    CandidateFactory(owner=recruiter)
    response = recruiter_client.get(reverse("candidates:list"), {"tier": 1, "overdue": "on", "sort": "name"})
    assert response.context["active_filter_count"] == 2
    toggle = _toggle(response)
    assert '2<span class="visually-hidden"> active</span>' in toggle
    assert 'aria-expanded="false"' in toggle and 'aria-controls="candidate-filters"' in toggle


def test_with_no_filters_the_toggle_shows_no_count(recruiter_client):
    response = recruiter_client.get(reverse("candidates:list"), {"sort": "name"})
    assert response.context["active_filter_count"] == 0
    assert "badge" not in _toggle(response)


def test_a_filter_with_an_error_opens_the_panel_so_the_error_is_seen(recruiter_client):
    response = recruiter_client.get(reverse("candidates:list"), {"tier": "9"})
    assert response.context["active_filter_count"] == 0  # the bad value is ignored, not counted
    assert 'aria-expanded="true"' in _toggle(response)
    assert 'class="collapse d-md-block show" id="candidate-filters"' in response.content.decode()


def test_the_company_filter_counts_as_a_filter_and_an_unknown_one_says_so(recruiter_client, recruiter):
    from candidates.services import career_update_record

    moved, stayed = CandidateFactory(owner=recruiter, skills=["Go", "SQL"]), CandidateFactory(owner=recruiter)
    update = career_update_record(candidate=moved, company="Globex", title="CTO", recorded_by=recruiter)
    response = recruiter_client.get(reverse("candidates:list"), {"company": update.employer_id, "tier": 2})
    assert list(response.context["candidates"]) == [moved]
    assert response.context["active_filter_count"] == 2
    html = response.content.decode()
    assert "Show every company" in html
    assert '<span class="badge rounded-pill text-bg-light border">SQL</span>' in html  # skills as chips
    unknown = recruiter_client.get(reverse("candidates:list"), {"company": "999999"})
    assert set(unknown.context["candidates"]) == {moved, stayed}
    assert "That company is not on record. Showing every company." in unknown.content.decode()


def test_the_company_filter_costs_one_lookup(recruiter_client, recruiter, django_assert_num_queries):
    from candidates.services import career_update_record

    for n in range(30):
        candidate = CandidateFactory(owner=recruiter)
        update = career_update_record(candidate=candidate, company="Globex", title=f"Engineer {n}",
                                      recorded_by=recruiter)
    recruiter_client.get(reverse("candidates:list"))
    # As the unfiltered list (session, user, profile, 2 x permissions, count, rows), plus the company.
    with django_assert_num_queries(8):
        response = recruiter_client.get(reverse("candidates:list"), {"company": update.employer_id})
    assert len(response.context["candidates"]) == 25
