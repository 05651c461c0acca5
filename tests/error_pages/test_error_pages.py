"""Error pages: the right status, inside the app's layout, saying what happened and where to go."""
import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.db.backends import utils as db_utils
from django.test import Client, RequestFactory
from django.urls import reverse

from nurture.errors import server_error

MAIN_NAV = 'aria-label="Main"'

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_role_client(db):
    user = get_user_model().objects.create_user(username="nora", password="pw-nora-12345")
    client = Client()
    client.force_login(user)
    return client


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def test_a_missing_page_is_a_404_in_the_layout(recruiter_client):
    response = recruiter_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "errors/404.html" in [t.name for t in response.templates]
    page = _text(response)
    assert MAIN_NAV in page and "Log out" in page
    assert "Page not found" in page
    assert f'href="{reverse("outreach:my_checkins")}"' in page


def test_a_missing_candidate_gets_the_same_404_page(recruiter_client):
    response = recruiter_client.get(reverse("candidates:detail", args=[987654]))
    assert response.status_code == 404
    assert "Page not found" in _text(response)


def test_a_stranger_asking_for_a_missing_page_is_offered_the_login(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = _text(response)
    assert MAIN_NAV not in page
    assert f'href="{reverse("login")}"' in page


def test_the_dashboard_refuses_a_recruiter_naming_the_roles_it_is_for(recruiter_client, admin_user):
    response = recruiter_client.get(reverse("outreach:dashboard"))
    assert response.status_code == 403
    page = _text(response)
    assert MAIN_NAV in page
    assert "The team dashboard is for managers and admins." in page
    assert "You are signed in as Rita Recruiter, in Recruiters." in page
    assert "ask an admin (Ada Admin) to change your role" in page


def test_a_dashboard_csv_refuses_a_recruiter_the_same_way(recruiter_client):
    response = recruiter_client.get(reverse("outreach:dashboard_csv", args=["reasons"]))
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert "The team dashboard is for managers and admins." in _text(response)


def test_a_user_without_a_role_is_told_to_ask_an_admin_for_one(no_role_client, admin_user):
    response = no_role_client.get(reverse("candidates:list"))
    assert response.status_code == 403
    page = _text(response)
    assert MAIN_NAV in page
    assert "This page is for recruiters, managers and admins." in page
    assert "Your account, nora, has no role yet, and every page needs one (Recruiters, Managers or Admins)." in page
    assert "Ask an admin (Ada Admin) to give you the role you need." in page


def test_with_no_admin_to_name_the_403_says_who_else_to_ask(no_role_client):
    page = _text(no_role_client.get(reverse("outreach:my_checkins")))
    assert "Ask whoever runs Nurture for your team to give you the role you need." in page


@pytest.mark.urls("tests.error_pages.urls")
def test_a_refusal_naming_no_permission_still_explains_itself(recruiter_client):
    response = recruiter_client.get("/failing/refused/")
    assert response.status_code == 403
    page = _text(response)
    assert "in Recruiters, which does not have the permission this page needs." in page
    assert " is for " not in page


def test_a_stale_form_gets_a_friendly_403(recruiter):
    client = Client(enforce_csrf_checks=True)
    client.force_login(recruiter)
    response = client.post(reverse("outreach:my_settings"))  # no CSRF token, as from a stale page
    assert response.status_code == 403
    page = _text(response)
    assert MAIN_NAV in page
    assert "This form could not be sent" in page and "reload the page" in page


@pytest.mark.urls("tests.error_pages.urls")
def test_a_malformed_request_is_a_400_in_the_layout(recruiter_client):
    response = recruiter_client.get("/failing/bad-request/")
    assert response.status_code == 400
    page = _text(response)
    assert MAIN_NAV in page
    assert "Nurture could not read that request" in page


@pytest.mark.urls("tests.error_pages.urls")
def test_a_bug_is_a_500_in_the_layout():
    client = Client(raise_request_exception=False)
    response = client.get("/failing/broken/?tab=1")
    assert response.status_code == 500
    page = _text(response)
    assert MAIN_NAV in page and "Candidates" in page
    assert "Something went wrong on our side" in page
    assert 'href="/failing/broken/?tab=1"' in page  # Try again


def test_the_500_page_reads_nothing_from_the_database(django_assert_num_queries, recruiter):
    request = RequestFactory().get("/candidates/")
    request.user = recruiter  # even a signed-in user is not looked at
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_try_again_never_points_off_the_site():
    request = RequestFactory().get("/x", PATH_INFO="//elsewhere.example/x")
    assert request.get_full_path() == "//elsewhere.example/x"
    page = server_error(request).content.decode()
    assert "elsewhere.example" not in page
    assert "arrow-clockwise" not in page  # no Try again button


def test_a_database_that_is_down_is_a_503_back_in_a_moment(recruiter_client, monkeypatch):
    def database_down(*args, **kwargs):
        raise OperationalError("connection to server failed")

    recruiter_client.raise_request_exception = False
    with monkeypatch.context() as patch:
        for wrapper in (db_utils.CursorWrapper, db_utils.CursorDebugWrapper):
            patch.setattr(wrapper, "execute", database_down)
            patch.setattr(wrapper, "executemany", database_down)
        response = recruiter_client.get(reverse("candidates:list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    page = _text(response)
    assert MAIN_NAV in page
    assert "Nurture is back in a moment" in page
    assert 'href="/candidates/"' in page  # Try again


def test_the_favicon_is_served_at_the_site_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_every_page_links_the_svg_favicon(client):
    page = client.get(reverse("login")).content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    svg = client.get("/static/img/favicon.svg")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
