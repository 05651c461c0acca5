"""Who changed what on a candidate, and when: recorded on every save, shown to managers and admins only."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates.choices import Tier
from candidates.services import candidate_update
from candidates.tests.factories import CandidateFactory

EDITABLE = [
    "full_name", "email", "phone", "location", "headline", "linkedin_url", "github_url", "portfolio_url", "skills",
    "source", "current_title", "current_company", "owner", "tier", "stage", "got_away_reason", "got_away_on",
    "got_away_detail",
]


def _form_data(candidate, **changes) -> dict:
    data = {name: getattr(candidate, "owner_id" if name == "owner" else name) for name in EDITABLE}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(changes)
    return data


@pytest.fixture
def candidate(recruiter):
    return CandidateFactory(owner=recruiter, full_name="Priya Patel", email="priya@example.com", tier=Tier.WARM)


@pytest.mark.django_db
def test_an_edit_through_the_site_records_who_changed_which_field(recruiter_client, recruiter, candidate):
    response = recruiter_client.post(
        reverse("candidates:update", args=[candidate.pk]), _form_data(candidate, tier=Tier.TOP, location="Lisbon")
    )
    assert response.status_code == 302
    latest = candidate.history.latest()
    assert latest.history_user == recruiter
    assert latest.history_type == "~"
    assert (latest.tier, latest.location) == (Tier.TOP, "Lisbon")
    assert candidate.history.count() == 2  # created, then this edit


@pytest.mark.django_db
def test_managers_see_field_level_changes(client, recruiter_client, manager, candidate):
    recruiter_client.post(reverse("candidates:update", args=[candidate.pk]), _form_data(candidate, tier=Tier.TOP))
    client.force_login(manager)
    page = client.get(reverse("candidates:detail", args=[candidate.pk])).text
    assert "Change history" in page
    trail = page[page.index("Change history"):]
    assert "Tier" in trail
    assert "<del>Warm</del>" in trail and "<ins>Top</ins>" in trail
    assert "Rita Recruiter" in trail
    assert "the candidate was added" in trail


@pytest.mark.django_db
def test_admins_see_the_trail_too(client, admin_user, candidate):
    client.force_login(admin_user)
    assert "Change history" in client.get(reverse("candidates:detail", args=[candidate.pk])).text


@pytest.mark.django_db
def test_recruiters_do_not_see_the_trail(recruiter_client, candidate):
    page = recruiter_client.get(reverse("candidates:detail", args=[candidate.pk])).text
    assert "Change history" not in page


@pytest.mark.django_db
def test_user_text_in_the_trail_is_escaped(manager_client, manager, candidate):
    candidate_update(candidate=candidate, changed_by=manager, headline="<script>alert(1)</script>")
    page = manager_client.get(reverse("candidates:detail", args=[candidate.pk])).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.django_db
def test_the_trail_costs_the_same_queries_for_2_or_30_changes(manager_client, manager, recruiter, candidate):
    url = reverse("candidates:detail", args=[candidate.pk])

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert manager_client.get(url).status_code == 200
        return len(captured)

    candidate_update(candidate=candidate, changed_by=manager, location="Porto")
    few = queries_for_page()
    for n in range(30):
        candidate_update(candidate=candidate, changed_by=manager, location=f"City {n}")
    assert queries_for_page() == few


@pytest.mark.django_db
def test_a_long_history_shows_the_latest_fifty(manager_client, manager, candidate):
    for n in range(55):
        candidate_update(candidate=candidate, changed_by=manager, location=f"City {n}")
    page = manager_client.get(reverse("candidates:detail", args=[candidate.pk])).text
    assert "<ins>City 54</ins>" in page
    assert "<ins>City 4</ins>" not in page
    assert "Showing the latest 50 changes." in page


@pytest.mark.django_db
def test_skill_tags_and_the_ask_read_as_typed_in_the_trail(recruiter, candidate):
    from candidates.audit import candidate_audit_trail

    candidate_update(candidate=candidate, changed_by=recruiter, skills=["Python", "Go"], expected_pay_currency="EUR",
                     expected_pay=90_000)
    candidate_update(candidate=candidate, changed_by=recruiter, skills=["Python"])
    entries, _ = candidate_audit_trail(candidate)
    changes = {(c.label, c.old, c.new) for entry in entries for c in entry.changes}
    assert ("Skills", "Python, Go", "Python") in changes
    assert ("Skills", "—", "Python, Go") in changes
    assert ("Currency", "—", "EUR (€)") in changes and ("Expected pay", "—", "90000") in changes
