"""Sections other apps register appear on the dashboard, under its filters, with CSV downloads."""
import re

import pytest
from django.urls import reverse

from candidates.tests.factories import CandidateFactory
from outreach.dashboard.figures import Section
from outreach.dashboard.registry import register_dashboard_section, unregister_dashboard_section
from outreach.dashboard.tables import Table

URL = reverse("outreach:dashboard")


def owned_candidates(f, data=None) -> Section:
    from candidates.models import Candidate

    count = Candidate.objects.filter(f.candidates()).count()
    table = Table("owned_here", "Candidates under these filters", ["What", "Count"], rows=[["Candidates", count]])
    return Section(tables={"owned_here": table},
                   facts={"anchor": "owned-here", "title": "Owned here", "badge": f.recruiter_label})


@pytest.fixture
def registered():
    register_dashboard_section("owned_here", owned_candidates, tables=["owned_here"])
    yield
    unregister_dashboard_section("owned_here")


def test_a_registered_section_renders_after_the_core_ones_under_the_filters(manager_client, registered, recruiter,
                                                                           other_recruiter):
    CandidateFactory.create_batch(2, owner=recruiter)
    CandidateFactory(owner=other_recruiter)
    html = manager_client.get(URL, {"recruiter": recruiter.pk}).content.decode()
    assert 'id="owned-here"' in html and "Owned here" in html
    assert html.index('id="feedback"') < html.index('id="owned-here"')
    section = html[html.index('id="owned-here"'):]
    assert re.search(r">\s*2\s*<", section.split("</table>")[0])
    assert "/dashboard/owned_here.csv?" in section and f"recruiter={recruiter.pk}" in section


def test_a_registered_table_downloads_as_csv(manager_client, registered, recruiter):
    CandidateFactory.create_batch(3, owner=recruiter)
    url = reverse("outreach:dashboard_csv", args=["owned_here"])
    response = manager_client.get(url)
    assert response.status_code == 200
    assert response.content.decode().splitlines()[-2:] == ["What,Count", "Candidates,3"]


def test_a_registered_table_stays_behind_the_managers_role(recruiter_client, registered):
    assert recruiter_client.get(reverse("outreach:dashboard_csv", args=["owned_here"])).status_code == 403


def test_without_the_registration_its_table_is_a_404(manager_client):
    assert manager_client.get(reverse("outreach:dashboard_csv", args=["owned_here"])).status_code == 404
    assert 'id="owned-here"' not in manager_client.get(URL).content.decode()
