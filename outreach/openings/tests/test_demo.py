"""The demo's openings (outreach/demo/openings.py): open roles with silver medallists to show."""
from io import StringIO

import pytest
from django.core.management import call_command

from candidates.models import Candidate, split_skills
from outreach.openings.choices import OpeningStatus
from outreach.openings.models import Opening
from outreach.openings.silver import silver_medallists

pytestmark = pytest.mark.django_db


def test_the_demo_has_open_roles_with_silver_medallists_and_one_on_hold():
    call_command("seed_demo", stdout=StringIO())
    statuses = dict(Opening.objects.values_list("title", "status"))
    assert statuses == {"Staff Backend Engineer": OpeningStatus.OPEN, "Senior Product Designer": OpeningStatus.OPEN,
                        "Senior SRE": OpeningStatus.ON_HOLD}
    backend = Opening.objects.get(title="Staff Backend Engineer")
    assert backend.hiring_manager.username == "manager" and backend.band_label == "£120k–150k"
    # Skills as tags, as the demo writes them once every writer does (a no-op from then on).
    for candidate in Candidate.objects.all():
        if isinstance(candidate.skills, str):
            Candidate.objects.filter(pk=candidate.pk).update(skills=split_skills(candidate.skills))
    for title in ("Staff Backend Engineer", "Senior Product Designer"):
        assert silver_medallists(Opening.objects.get(title=title)).count() > 0, title
