"""The candidate list's export follows the page's filters and never runs a formula."""
import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from candidates.choices import Tier
from candidates.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(recruiter, other_recruiter):
    CandidateFactory(owner=recruiter, full_name="Ada Lovelace", email="ada@example.com", tier=Tier.TOP,
                     current_company="=HYPERLINK(\"http://evil.example\")", skills=["Python", "Django"],
                     expected_pay_currency="GBP", expected_pay=150_000, open_to_remote=True)
    CandidateFactory(owner=recruiter, full_name="Bob Warm", email="bob@example.com", tier=Tier.WARM)
    CandidateFactory(owner=other_recruiter, full_name="Cleo Top", email="cleo@example.com", tier=Tier.TOP)


def _csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_csv_has_the_lists_filters_and_order(recruiter_client, pool):
    response = recruiter_client.get(reverse("exports:candidates_csv") + "?tier=1&sort=name")
    assert response["Content-Disposition"].startswith('attachment; filename="candidates-')
    rows = _csv(response)
    assert [(row["Name"], row["Tier"], row["Owner"]) for row in rows] == [
        ("Ada Lovelace", "Top", "rita"), ("Cleo Top", "Top", "oscar")]
    assert rows[0]["Company"] == "'=HYPERLINK(\"http://evil.example\")"  # text, not a formula
    assert rows[0]["Next check-in"]  # the schedule comes along
    # Skill tags in one cell as they would be typed; the ask as a currency and a number.
    assert (rows[0]["Skills"], rows[0]["Pay currency"], rows[0]["Expected pay"], rows[0]["Open to remote"],
            rows[0]["Follow up on"]) == ("Python, Django", "GBP", "150000", "yes", "")
    assert rows[1]["Skills"] == "" and rows[1]["Expected pay"] == ""
    mine = _csv(recruiter_client.get(reverse("exports:candidates_csv") + "?owner=mine"))
    assert {row["Name"] for row in mine} == {"Ada Lovelace", "Bob Warm"}


def test_the_csv_is_one_query_however_many_rows(recruiter_client, pool, django_assert_max_num_queries):
    response = recruiter_client.get(reverse("exports:candidates_csv"))
    with django_assert_max_num_queries(3):  # session, user, the candidates (server-side cursor)
        assert len(_csv(response)) == 3


def test_the_xlsx_has_the_same_rows(recruiter_client, pool):
    response = recruiter_client.get(reverse("exports:candidates_xlsx") + "?tier=1")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("ID", "Name", "Email")
    assert [row[1] for row in rows[1:]] == ["Ada Lovelace", "Cleo Top"]
    skills = rows[0].index("Skills")
    assert [row[skills] for row in rows[1:]] == ["Python, Django", None]


def test_a_bad_filter_is_ignored_like_on_the_page(recruiter_client, pool):
    assert len(_csv(recruiter_client.get(reverse("exports:candidates_csv") + "?tier=9&sort=nope"))) == 3
