"""What every response promises the browser: a strict CSP, no caching of candidate data, sessions that time out."""
import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["login page", "candidate list"])
def test_every_page_carries_the_strict_content_security_policy(client, recruiter, signed_in):
    if signed_in:
        client.force_login(recruiter)
    response = client.get(reverse("candidates:list") if signed_in else reverse("login"))
    assert response.status_code == 200
    assert _policy(response) == EXPECTED_CSP


def test_no_template_has_inline_script_style_or_event_handler():
    """The CSP would silently block these in the browser; catch them before anyone clicks."""
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
    handler = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
    style_attr = re.compile(r"<[^>]+\sstyle\s*=", re.I)
    style_block = re.compile(r"<style[\s>]", re.I)
    problems = []
    for template in sorted(TEMPLATES_DIR.rglob("*.html")):
        if "emails" in template.parts:
            continue  # emails are read in mail clients, where inline styles are the norm and CSP does not apply
        text = template.read_text()
        for label, pattern in [
            ("inline <script>", inline_script), ("on...= handler", handler),
            ("style= attribute", style_attr), ("<style> block", style_block),
        ]:
            if pattern.search(text):
                problems.append(f"{template.relative_to(TEMPLATES_DIR)}: {label}")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_candidate_pages_are_never_cached(recruiter_client, world):
    response = recruiter_client.get(reverse("candidates:detail", args=[world.pk]))
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control


@pytest.mark.django_db
def test_anonymous_static_files_stay_cacheable(client):
    response = client.get(settings.STATIC_URL + "vendor/bootstrap/css/bootstrap.min.css")
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_clickjacking_and_sniffing_headers(recruiter_client):
    response = recruiter_client.get(reverse("candidates:list"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_an_idle_session_expires(client, recruiter):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    idle_limit = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(start, tick=False) as clock:
        client.post(reverse("login"), {"username": "rita", "password": "pw-rita-12345"})
        assert client.get(reverse("candidates:list")).status_code == 200
        clock.shift(idle_limit + dt.timedelta(minutes=1))
        response = client.get(reverse("candidates:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_an_active_session_keeps_going(client, recruiter):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    step = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE) - dt.timedelta(minutes=5)
    with time_machine.travel(start, tick=False) as clock:
        client.post(reverse("login"), {"username": "rita", "password": "pw-rita-12345"})
        for _ in range(3):
            clock.shift(step)
            assert client.get(reverse("candidates:list")).status_code == 200


def test_a_signed_in_request_leaves_no_timezone_behind_on_the_thread(client, other_recruiter):
    # A New York recruiter's page view must not change what the next code on this thread sees
    # as "today" (a digest run, an anonymous page): the zone ends with the request.
    from django.utils import timezone

    client.force_login(other_recruiter)
    assert client.get("/").status_code == 200
    assert timezone.get_current_timezone_name() == "UTC"
