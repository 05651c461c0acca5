"""The openings pages: who may do what, the list's filters, the form's inline errors, the status change."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.choices import MAX_PAY, Recommendation
from outreach.openings.choices import OpeningStatus
from outreach.openings.models import Opening

from .factories import OpeningFactory, finalist

pytestmark = pytest.mark.django_db


def _form(manager, **overrides) -> dict:
    return {"title": "Staff Engineer", "team": "Platform", "location": "London", "remote": "on",
            "pay_currency": "GBP", "pay_min": "120000", "pay_max": "150000",
            "skills": "Python, django ,, PostgreSQL, python", "hiring_manager": str(manager.pk), **overrides}


@pytest.fixture
def opening(manager):
    return OpeningFactory(hiring_manager=manager)


# Who may do what -----------------------------------------------------------------------------

def test_recruiters_read_openings_but_do_not_change_them(recruiter_client, opening, manager):
    assert recruiter_client.get(reverse("openings:list")).status_code == 200
    assert recruiter_client.get(opening.get_absolute_url()).status_code == 200
    assert recruiter_client.get(reverse("openings:create")).status_code == 403
    assert recruiter_client.post(reverse("openings:create"), _form(manager)).status_code == 403
    assert recruiter_client.post(reverse("openings:update", args=[opening.pk]), _form(manager)).status_code == 403
    assert recruiter_client.post(reverse("openings:set_status", args=[opening.pk]),
                                 {"status": "on_hold"}).status_code == 403
    assert Opening.objects.get().status == OpeningStatus.OPEN
    page = recruiter_client.get(opening.get_absolute_url()).content.decode()
    assert "Mark filled" not in page and reverse("openings:update", args=[opening.pk]) not in page


def test_the_roles_carry_the_openings_and_signals_permissions(recruiter, manager, admin_user):
    assert recruiter.has_perms(["openings.view_opening", "signals.view_signal", "signals.change_signal"])
    assert not recruiter.has_perm("openings.add_opening") and not recruiter.has_perm("openings.change_opening")
    for user in (manager, admin_user):
        assert user.has_perms(["openings.view_opening", "openings.add_opening", "openings.change_opening"])


def test_the_navbar_shows_openings_to_the_team(recruiter_client):
    page = recruiter_client.get(reverse("candidates:list")).content.decode()
    assert f'href="{reverse("openings:list")}">Openings</a>' in page


def test_strangers_are_sent_to_log_in(client, opening):
    response = client.get(opening.get_absolute_url())
    assert response.status_code == 302 and reverse("login") in response["Location"]


# The form --------------------------------------------------------------------------------------

def test_a_manager_adds_an_opening(manager_client, manager):
    response = manager_client.post(reverse("openings:create"), _form(manager))
    opening = Opening.objects.get()
    assert response.status_code == 302 and response["Location"] == opening.get_absolute_url()
    assert opening.skills == ["Python", "django", "PostgreSQL"]
    assert (opening.status, opening.created_by, opening.remote) == (OpeningStatus.OPEN, manager, True)
    assert opening.band_label == "£120k–150k" and opening.where_label == "London or remote"


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"pay_min": "160000"}, "pay_max", "“Band to” is at least “Band from”"),
    ({"pay_max": str(MAX_PAY + 1)}, "pay_max", "less than or equal to"),
    ({"pay_min": "-5"}, "pay_min", "greater than or equal to 0"),
    ({"title": ""}, "title", "This field is required"),
    ({"pay_currency": "XXX"}, "pay_currency", "Select a valid choice"),
    ({"skills": ", ".join(f"skill {n}" for n in range(31))}, "skills", "at most 30 skills"),
    ({"team": "Plat\x01form"}, "team", "control characters"),
])
def test_wrong_input_is_shown_beside_its_field_and_nothing_is_saved(manager_client, manager, overrides, field,
                                                                     message):
    response = manager_client.post(reverse("openings:create"), _form(manager, **overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert "Nothing was saved" in response.content.decode()
    assert not Opening.objects.exists()


def test_the_form_starts_with_the_manager_and_the_last_currency(manager_client, manager):
    OpeningFactory(hiring_manager=manager, pay_currency="EUR")
    form = manager_client.get(reverse("openings:create")).context["form"]
    assert form.initial == {"hiring_manager": manager.pk, "pay_currency": "EUR"}


def test_the_hiring_manager_is_a_manager_or_an_admin(manager_client, manager, recruiter, admin_user):
    form = manager_client.get(reverse("openings:create")).context["form"]
    assert set(form.fields["hiring_manager"].queryset) == {manager, admin_user}
    response = manager_client.post(reverse("openings:create"), _form(manager, hiring_manager=str(recruiter.pk)))
    assert "hiring_manager" in response.context["form"].errors
    assert not Opening.objects.exists()


def test_editing_shows_the_skills_as_typed_and_keeps_the_status(manager_client, manager):
    opened = timezone.now() - dt.timedelta(days=20)
    opening = OpeningFactory(hiring_manager=manager, status=OpeningStatus.ON_HOLD, opened_at=opened,
                             skills=["Python", "Django"])
    url = reverse("openings:update", args=[opening.pk])
    assert manager_client.get(url).context["form"]["skills"].value() == "Python, Django"
    response = manager_client.post(url, _form(manager, title="Lead Engineer", skills="Go"))
    assert response.status_code == 302
    opening.refresh_from_db()
    assert (opening.title, opening.skills, opening.status, opening.opened_at) == (
        "Lead Engineer", ["Go"], OpeningStatus.ON_HOLD, opened)


def test_a_rejected_edit_changes_nothing(manager_client, manager, opening):
    before = Opening.objects.values().get(pk=opening.pk)
    response = manager_client.post(reverse("openings:update", args=[opening.pk]),
                                   _form(manager, title="Changed", pay_min="999999"))
    assert response.status_code == 200
    assert Opening.objects.values().get(pk=opening.pk) == before


# The status ------------------------------------------------------------------------------------

def test_putting_on_hold_and_opening_again_makes_it_a_new_opening(manager_client, manager):
    opened = timezone.now() - dt.timedelta(days=60)
    opening = OpeningFactory(hiring_manager=manager, opened_at=opened)
    url = reverse("openings:set_status", args=[opening.pk])
    assert manager_client.post(url, {"status": "on_hold"}).status_code == 302
    opening.refresh_from_db()
    assert (opening.status, opening.opened_at) == (OpeningStatus.ON_HOLD, opened)
    manager_client.post(url, {"status": "open"})
    opening.refresh_from_db()
    assert opening.status == OpeningStatus.OPEN and opening.opened_at > opened


def test_filling_asks_first(manager_client, opening):
    url = reverse("openings:set_status", args=[opening.pk])
    response = manager_client.post(url, {"status": "filled"})
    assert response.status_code == 200 and "Yes, it is filled" in response.content.decode()
    assert Opening.objects.get().status == OpeningStatus.OPEN
    response = manager_client.post(url, {"status": "filled", "confirmed": "yes"})
    assert response.status_code == 302
    assert Opening.objects.get().status == OpeningStatus.FILLED


def test_a_status_that_is_none_is_refused_politely(manager_client, opening):
    response = manager_client.post(reverse("openings:set_status", args=[opening.pk]), {"status": "closed"},
                                   follow=True)
    assert "Choose Open, On hold or Filled." in response.content.decode()
    assert Opening.objects.get().status == OpeningStatus.OPEN


def test_a_held_or_filled_opening_says_its_silver_medallists_are_for_reference(recruiter_client, manager):
    opening = OpeningFactory(hiring_manager=manager, status=OpeningStatus.ON_HOLD)
    page = recruiter_client.get(opening.get_absolute_url()).content.decode()
    assert "This opening is on hold: its silver medallists are shown for reference" in page


def test_the_status_changes_only_by_post(manager_client, opening):
    assert manager_client.get(reverse("openings:set_status", args=[opening.pk])).status_code == 405


# The list --------------------------------------------------------------------------------------

@pytest.fixture
def several(manager):
    now = timezone.now()
    return {
        "open platform": OpeningFactory(title="Platform Engineer", team="Platform", hiring_manager=manager,
                                        opened_at=now - dt.timedelta(days=1)),
        "open data": OpeningFactory(title="Data Engineer", team="Data", hiring_manager=manager,
                                    opened_at=now - dt.timedelta(days=2)),
        "held": OpeningFactory(title="Designer", team="Design", hiring_manager=manager,
                               status=OpeningStatus.ON_HOLD),
        "filled": OpeningFactory(title="SRE", team="Platform", hiring_manager=manager, status=OpeningStatus.FILLED,
                                 opened_at=now - dt.timedelta(days=200)),
    }


def _titles(response) -> list[str]:
    return [opening.title for opening in response.context["openings"]]


@pytest.mark.parametrize(("query", "titles"), [
    ({}, ["Platform Engineer", "Data Engineer"]),
    ({"status": "on_hold"}, ["Designer"]),
    ({"status": "filled"}, ["SRE"]),
    ({"status": "all", "team": "Platform"}, ["Platform Engineer", "SRE"]),
    ({"team": "Data"}, ["Data Engineer"]),
    ({"status": "nonsense", "team": "Nobody"}, ["Platform Engineer", "Data Engineer"]),
])
def test_the_list_filters_by_status_and_team(recruiter_client, several, query, titles):
    assert _titles(recruiter_client.get(reverse("openings:list"), query)) == titles


def test_a_row_says_what_where_how_much_and_who(recruiter_client, several):
    page = recruiter_client.get(reverse("openings:list")).content.decode()
    assert "Platform Engineer" in page and "London or remote" in page and "£120k–150k" in page
    assert "Mona Manager" in page and "PostgreSQL" in page and "badge text-bg-success" in page


def test_the_list_costs_the_same_queries_for_many_openings(recruiter_client, manager, django_assert_max_num_queries):
    for n in range(30):
        OpeningFactory(title=f"Role {n}", team=f"Team {n % 4}", hiring_manager=manager)
    # Session, user, their profile, two for permissions; teams, status counts, the count, the page.
    with django_assert_max_num_queries(9):
        response = recruiter_client.get(reverse("openings:list"))
    assert len(response.context["openings"]) == 30


def test_an_empty_list_says_what_to_do(manager_client):
    page = manager_client.get(reverse("openings:list")).content.decode()
    assert "No open roles right now." in page and reverse("openings:create") in page


# The opening page ------------------------------------------------------------------------------

def test_the_page_lists_its_silver_medallists_with_why_and_what_to_do(recruiter_client, opening):
    ada = finalist(full_name="Ada Lovelace", skills=["Python", "Django"], recommendation=Recommendation.STRONG_YES,
                   on=dt.date(2025, 3, 3), current_title="Staff Engineer", current_company="Acme")
    finalist(full_name="Not A Fit", skills=["Cobol"])
    response = recruiter_client.get(opening.get_absolute_url())
    page = response.content.decode()
    assert "Ada Lovelace" in page and "Not A Fit" not in page
    assert "Final round for Staff Engineer, Mar 2025 · Strong yes · shares Python, Django" in page
    assert "Now Staff Engineer at Acme" in page
    back = f"?next={opening.get_absolute_url()}"
    assert reverse("outreach:touch_create", args=[ada.pk]) + back in page
    assert reverse("events:invite_candidate", args=[ada.pk]) + back in page
    assert f'name="candidates" value="{ada.pk}"' in page and reverse("sequences:enrol_candidates") in page


def test_the_page_costs_the_same_queries_for_a_full_page(recruiter_client, opening, django_assert_max_num_queries):
    for n in range(30):
        finalist(full_name=f"Finalist {n:02}", skills=["Python"], on=dt.date(2025, 1, 1) + dt.timedelta(days=n))
    # Session, user, their profile, two for permissions; the opening, the page of matches (with their
    # total), their candidates with owners.
    with django_assert_max_num_queries(8):
        response = recruiter_client.get(opening.get_absolute_url())
    assert len(response.context["silver"]) == 25
    second = recruiter_client.get(opening.get_absolute_url(), {"page": 2})
    assert len(second.context["silver"]) == 5
    for junk in ("junk", "0", "-1", "99", "9" * 30):
        response = recruiter_client.get(opening.get_absolute_url(), {"page": junk})
        assert response.status_code == 200 and response.context["silver"]


def test_an_opening_without_skills_says_to_name_them(manager_client, manager):
    opening = OpeningFactory(hiring_manager=manager, skills=[])
    page = manager_client.get(opening.get_absolute_url()).content.decode()
    assert "Name the skills this role needs" in page


def test_names_and_titles_are_escaped(recruiter_client, manager):
    opening = OpeningFactory(hiring_manager=manager, title="<script>alert(1)</script>", skills=["<b>Go</b>"])
    finalist(full_name="<img src=x>", skills=["<b>Go</b>"])
    page = recruiter_client.get(opening.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page and "<img src=x>" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x&gt;" in page
