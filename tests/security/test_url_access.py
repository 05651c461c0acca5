"""Who may open what: every route the site has, for strangers and for each role.

The routes come from the URL resolver at collection time, so a page added
tomorrow is checked tomorrow without anyone remembering to list it here.
"""
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from outreach.calendar_feed.urls import PUBLIC_ROUTES as CALENDAR_PUBLIC_ROUTES
from outreach.events.urls import PUBLIC_ROUTES as EVENTS_PUBLIC_ROUTES
from outreach.exports.urls import OWNER_ONLY_ROUTES as EXPORTS_OWNER_ONLY_ROUTES
from outreach.mail.urls import PUBLIC_ROUTES as MAIL_PUBLIC_ROUTES
from outreach.newsletters.urls import PUBLIC_ROUTES as NEWSLETTER_PUBLIC_ROUTES

from .routes import Route, all_routes

ROUTES = all_routes()
APP_ROUTES = [route for route in ROUTES if not route.is_admin]

# Open to anyone: the two login forms, the load balancer's health check, and candidate
# email's signed links (unsubscribe, preference centre) and provider webhook. Each with
# what a stranger's GET gets: the token routes are filled in with a token that is no
# token (a plain 404), and the webhook is off without its secret (404) and takes no GET.
PUBLIC_STATUS = {
    "login": {200},
    "admin:login": {200},
    # The health check answers 503 while the scheduler is silent; either way it answers strangers.
    "outreach:healthz": {200, 503},
    "mail:unsubscribe": {404},
    "mail:preferences": {404},
    "mail:postmark_tracking": {404, 405},
    # Prometheus: from this machine (as the test client is) without a proxy, or with its token.
    "metrics": {200},
    # Replies a provider posts (django-anymail inbound): off without its secret, no GET.
    "mail:postmark_inbound": {404, 405},
    # A newsletter's signed click redirect (404 without a real token) and opens pixel (always the image).
    "newsletters:click": {404},
    "newsletters:open": {200},
    # Events: an invitee's RSVP page and a recruiter's calendar feed, both behind signed tokens.
    "events:rsvp": {404},
    "events:feed": {404},
    # A recruiter's own calendar (check-ins, events they host), behind a signed token; GET only.
    "outreach:calendar_feed": {404},
}
PUBLIC = set(PUBLIC_STATUS)
assert MAIL_PUBLIC_ROUTES <= PUBLIC, "every public mail route is listed here, with what it answers"
assert NEWSLETTER_PUBLIC_ROUTES <= PUBLIC, "every public newsletter route is listed here, with what it answers"
assert EVENTS_PUBLIC_ROUTES <= PUBLIC, "every public events route is listed here, with what it answers"
assert CALENDAR_PUBLIC_ROUTES <= PUBLIC, "the calendar feed is listed here, with what it answers"
# Signed-in pages that take a signed link (a digest's one-click links): the role matrix fills
# the token in with one that is no token, so the people allowed in get the "link doesn't work"
# page (404) rather than the page itself.
SIGNED_LINK_STATUS = {"outreach:digest_action": {404}}
# Logging out ends the session the matrix is using; it is checked on its own below.
LOGOUT = {"logout", "admin:logout"}
MANAGERS_AND_ADMINS = {"manager", "admin"}
# Openings: the whole team reads them (list, page); managers and admins add, edit, hold and fill them.
OPENING_CHANGES = {"openings:create", "openings:update", "openings:set_status"}
# A background export is its requester's alone (the world's belongs to the recruiter): to anyone
# else in a role it does not exist (404), admins included.
OWNER_ONLY = EXPORTS_OWNER_ONLY_ROUTES

EVERY_ROLE = {"recruiter", "manager", "admin"}


def refused_even_to_admins(route: Route, user) -> bool:
    """Admin pages that refuse admins by design: records only the system writes (login
    attempts, digests) have no add page, records that must stay (an erasure's) no delete
    page, and autocomplete needs its widget's parameters."""
    if route.name == "admin:autocomplete":
        return True
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        request = RequestFactory().get(route.path)
        request.user = user
        if route.name == f"{prefix}_add":
            return not model_admin.has_add_permission(request)
        if route.name == f"{prefix}_delete":
            return not model_admin.has_delete_permission(request)
    return False


def allowed_roles(route: Route) -> set[str]:
    if route.name in PUBLIC:
        return EVERY_ROLE | {"no role"}
    if route.name in OWNER_ONLY:
        return {"recruiter"}
    if route.is_admin:
        return {"admin"}
    if route.name.startswith("outreach:dashboard"):
        return MANAGERS_AND_ADMINS
    if route.name.startswith("duplicates:"):  # a merge removes a candidate record
        return MANAGERS_AND_ADMINS
    if route.name in OPENING_CHANGES:
        return MANAGERS_AND_ADMINS
    if route.name.startswith("webhooks:"):  # where the team's data is sent: admins only
        return {"admin"}
    if route.name.startswith("privacy:"):  # an erasure cannot be taken back
        return {"admin"}
    return EVERY_ROLE


def _login_paths() -> tuple[str, str]:
    return reverse(settings.LOGIN_URL), reverse("admin:login")


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and urlsplit(response["Location"]).path in _login_paths()


def test_every_route_is_enumerated():
    """A sanity check on the walker itself: the pages everyone knows about are in the list."""
    names = {route.name for route in ROUTES}
    assert {"login", "candidates:list", "candidates:detail", "outreach:my_checkins", "admin:index"} <= names
    assert all("<" not in route.path for route in ROUTES), "every route parameter was filled in"


# The REST API (outreach.api) signs in with a token: a stranger gets a JSON 401, not the login page.
API_ROUTES = {route.name for route in ROUTES if route.path.startswith("/api/") and route.name != "api:docs"}


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if r.name in API_ROUTES], ids=str)
def test_strangers_get_a_401_from_the_api(client, route, world):
    for method in ("get", "post"):
        response = getattr(client, method)(route.path)
        assert response.status_code == 401, f"{method.upper()} {route.path} -> {response.status_code}"
        assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if r.name not in PUBLIC | API_ROUTES], ids=str)
def test_strangers_are_sent_to_log_in(client, route, world):
    for method in ("get", "post"):
        response = getattr(client, method)(route.path)
        assert _is_login_redirect(response), f"{method.upper()} {route.path} -> {response.status_code}"
        assert "next=" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if r.name in PUBLIC], ids=str)
def test_public_pages_open_without_login(client, route):
    response = client.get(route.path)
    assert response.status_code in PUBLIC_STATUS[route.name]
    assert not _is_login_redirect(response)


def test_only_the_listed_routes_are_open_without_login():
    """Nothing opens up by accident: the public set is exactly these routes."""
    assert {route.name for route in ROUTES if route.name in PUBLIC} == PUBLIC


@pytest.mark.django_db
def test_logging_out_ends_the_session(recruiter_client):
    response = recruiter_client.post(reverse("logout"))
    assert _is_login_redirect(response)
    assert _is_login_redirect(recruiter_client.get(reverse("candidates:list")))


@pytest.mark.django_db
def test_static_files_are_served_without_login(client):
    response = client.get(settings.STATIC_URL + "vendor/bootstrap/css/bootstrap.min.css")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ROUTES if r.name not in PUBLIC | LOGOUT], ids=str)
def test_role_matrix(route, world, people):
    allowed = allowed_roles(route)
    problems = []
    for role, user in people.items():
        client = Client()
        client.force_login(user)
        # Admin pages are only read here; posting to them would delete real rows.
        methods = ("get",) if route.is_admin else ("get", "post")
        for method in methods:
            response = getattr(client, method)(route.path)
            status = response.status_code
            seen = f"{role} {method.upper()} {route.path} -> {status}"
            if status >= 500:
                problems.append(f"{seen}: server error")
            elif role in allowed:
                if (status == 403 and not refused_even_to_admins(route, user)) or _is_login_redirect(response):
                    problems.append(f"{seen}: should be allowed")
                elif method == "get" and route.name in SIGNED_LINK_STATUS:
                    if status not in SIGNED_LINK_STATUS[route.name]:
                        problems.append(f"{seen}: expected {SIGNED_LINK_STATUS[route.name]} for a bad link")
                elif method == "get" and not route.is_admin and status not in (200, 302, 405):
                    problems.append(f"{seen}: expected the page, a redirect or 405")
                elif status == 200 and "no-store" not in response.get("Cache-Control", ""):
                    problems.append(f"{seen}: page may be cached (Cache-Control: {response.get('Cache-Control')})")
            elif route.is_admin:
                # The admin sends signed-in people without admin rights to its own login page.
                if not (status == 403 or _is_login_redirect(response)):
                    problems.append(f"{seen}: should be refused")
            elif route.name in OWNER_ONLY and role != "no role":
                # A POST to these read-only pages is a 405 for any id, so it tells nothing either.
                if status not in ({404} if method == "get" else {404, 405}):
                    problems.append(f"{seen}: someone else's, should be 404")
            elif status != 403:
                problems.append(f"{seen}: should be 403")
    assert not problems, "\n".join(problems)
