"""Control characters in the query string, on every route: a NUL is a 400, anything else never a 500.

PostgreSQL refuses text holding a NUL, so a view that searched for one failed inside the
database. The walk finds the parameters each view reads (by watching request.GET while
it answers a plain request), then sends each of them NUL and other control characters,
and adds parameters with made-up names. Routes come from the resolver (routes.py), so a
view added tomorrow is walked tomorrow.
"""
from pathlib import Path
from urllib.parse import quote

import pytest
from django.http import QueryDict
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .routes import Route, all_routes

ROUTES = all_routes()
# Both end the session the walk is using.
LOGOUT = {"logout", "admin:logout"}
WALKED = [route for route in ROUTES if route.name not in LOGOUT]

NUL_VALUES = ["\x00", "Ada\x00", "2026-03-02T09:00\x00"]
# Every other kind of control character (C0, DEL, C1, line breaks), alone and around text that
# would otherwise parse, tried in each parameter on its own and then in all of them at once.
EVERY_CONTROL = "2026-03-02\x01\x08\x1b[2J\x1f\x7f\x85\r\n\t\x0b"
CONTROL_VALUES = ["\x01", "\r\nSet-Cookie: x=1", "\x7f\x85", " \x0b2026-03-02\t"]
CONTROL_CHARACTERS = st.characters(codec="utf-8", categories=["Cc"])


class ReadRecorder(QueryDict):
    """request.GET that notes the name of every parameter the view asks for."""

    read: set[str] = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.read.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)


@pytest.fixture
def signed_in_admin(client, admin_user, world):
    # An admin may open every route, the Django admin's included.
    client.force_login(admin_user)
    return client


def params_read(client, route: Route, monkeypatch) -> set[str]:
    with monkeypatch.context() as patch:
        patch.setattr("django.core.handlers.wsgi.QueryDict", ReadRecorder)
        ReadRecorder.read = set()
        client.get(route.path)
        return set(ReadRecorder.read)


def get(client, route: Route, params: list[tuple[str, str]]):
    query = "&".join(f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in params)
    return client.get(f"{route.path}?{query}")


def test_the_walk_finds_the_parameters_views_read(signed_in_admin, monkeypatch):
    by_name = {route.name: route for route in ROUTES}
    listed = params_read(signed_in_admin, by_name["candidates:list"], monkeypatch)
    assert {"q", "tier", "owner", "sort", "cursor"} <= listed
    assert {"from", "to", "recruiter"} <= params_read(signed_in_admin, by_name["outreach:dashboard"], monkeypatch)
    assert "next" in params_read(signed_in_admin, by_name["outreach:touch_create"], monkeypatch)


@pytest.mark.django_db
@pytest.mark.parametrize("route", WALKED, ids=str)
def test_control_characters_in_every_parameter_a_view_reads(signed_in_admin, route, monkeypatch):
    names = sorted(params_read(signed_in_admin, route, monkeypatch) | {"q", "next", "made-up"})
    for name in names:
        for value in NUL_VALUES:
            response = get(signed_in_admin, route, [(name, value)])
            assert response.status_code == 400, f"{route.path}?{name}={value!r} -> {response.status_code}"
        response = get(signed_in_admin, route, [(name, EVERY_CONTROL)])
        # (The health check's 503 is its answer while the scheduler is silent, not a failure.)
        assert response.status_code != 500, f"{route.path}?{name}={EVERY_CONTROL!r} -> {response.status_code}"
    for value in CONTROL_VALUES:
        response = get(signed_in_admin, route, [(name, value) for name in names])
        assert response.status_code != 500, f"{route.path} with {value!r} everywhere -> {response.status_code}"
    # A NUL in a parameter's name, and in the path itself.
    assert get(signed_in_admin, route, [("q\x00", "x"), ("\x00", "")]).status_code == 400
    assert signed_in_admin.get(f"{route.path}%00").status_code == 400


@pytest.mark.django_db
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(route=st.sampled_from(WALKED), params=st.lists(st.tuples(
    st.one_of(st.sampled_from(["q", "next", "sort", "owner", "tier", "from", "to", "period", "cursor", "page", "o",
                               "p", "e", "_changelist_filters", "history"]),
              st.text(min_size=1, max_size=8)),
    st.text(st.one_of(CONTROL_CHARACTERS, st.characters(codec="utf-8")), max_size=12),
), min_size=1, max_size=4))
def test_any_parameters_holding_control_characters_never_break_a_page(signed_in_admin, route, params):
    response = get(signed_in_admin, route, params)
    has_nul = any("\x00" in name + value for name, value in params)
    assert response.status_code == 400 if has_nul else response.status_code != 500


@pytest.mark.django_db
def test_a_nul_gets_the_reason_on_the_sites_400_page(signed_in_admin, tmp_path: Path):
    response = signed_in_admin.get("/candidates/owners/?q=%00")
    assert response.status_code == 400
    page = response.content.decode()
    # The app's own 400 page, in its layout, saying why.
    assert "Nurture could not read that request" in page and 'class="navbar' in page
    assert "The address contains a NUL character (%00), which no page accepts." in page
    # Without that template (a stripped-down install), the reason still comes as plain text.
    templates = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [tmp_path]}]
    with override_settings(TEMPLATES=templates):
        bare = signed_in_admin.get("/candidates/?q=Ada%00")
    assert bare.status_code == 400 and bare["Content-Type"].startswith("text/plain")
    assert "NUL character (%00)" in bare.content.decode()
