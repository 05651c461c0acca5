"""Random, hostile and enormous input thrown at every form: never a 500, never half a record.

Each field gets either a plausible value or junk (any unicode, NUL bytes, 5,000
characters, impossible dates), so examples reach past the first validation error
into the services. A form that is rejected must leave the database exactly as it was.
"""
import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from candidates.choices import GotAwayReason, InterviewOutcome, InterviewStage, Recommendation, Source, Stage, Tier
from candidates.models import Candidate, CareerUpdate, Feedback, Interview, RecruiterProfile, StageChange
from candidates.services import recruiter_create
from outreach.choices import Direction, TouchKind
from outreach.models import CheckInSchedule, TouchPoint

from .routes import WORLD_PK

FUZZ = settings(
    max_examples=25, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

JUNK_TEXT = st.one_of(
    st.text(max_size=60),
    # Huge but cheap to generate: a short random piece repeated past every max_length.
    st.text(min_size=1, max_size=4).map(lambda piece: piece * 1500),
    st.sampled_from([
        "", " ", "\x00", "a\x00b", "<script>alert(1)</script>", "' OR 1=1 --", "💥" * 300, "\u202e\u0000\ufeff",
        "9" * 400, "-1", "0", "1e309", "NaN", "None", "[]", "%s%n", "../../etc/passwd",
    ]),
)
JUNK_DATES = st.one_of(
    st.sampled_from([
        "0000-00-00", "0001-01-01", "9999-12-31", "2024-02-30", "2026-13-01", "31/12/2020", "yesterday",
        "2026-11-25T25:61", "0001-01-01T00:00", "9999-12-31T23:59", "-2026-01-01", "1900-01-01T00:00",
        "2026-01-05T10:00\x00", "2026-01-05\x1c", "\x0b2026-01-05", "1969-12-31T23:59", "1970-01-01",
    ]),
    st.dates().map(str),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
)
JUNK = st.one_of(JUNK_TEXT, JUNK_DATES)


def field(*valid):
    """A field's value: one of the plausible strategies given, or junk."""
    return st.one_of(*valid, JUNK)


def choice(choices):
    return field(st.sampled_from([str(value) for value, _ in choices]))


def recent_date():
    return field(st.integers(0, 3000).map(lambda days: str(dt.date.today() - dt.timedelta(days=days))))


def recent_moment():
    return field(
        st.integers(5, 60 * 24 * 365).map(
            lambda minutes: (dt.datetime.now() - dt.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M")
        )
    )


def rating():
    return field(st.integers(-3, 9).map(str))


NAMES = st.text(min_size=1, max_size=40)
SCORECARD = {
    "rating_technical": rating(), "rating_problem_solving": rating(), "rating_communication": rating(),
    "rating_collaboration": rating(), "recommendation": choice(Recommendation.choices),
    "strengths": field(NAMES), "concerns": field(NAMES), "candidate_note": field(NAMES),
}
CANDIDATE = {
    "full_name": field(NAMES),
    "email": field(st.emails()),
    "phone": field(st.from_regex(r"\+?[0-9 ]{6,20}", fullmatch=True)),
    "location": field(NAMES), "headline": field(NAMES), "skills": field(NAMES),
    "linkedin_url": field(st.just("https://www.linkedin.com/in/someone"), st.just("linkedin.com/in/x")),
    "github_url": field(st.just("https://github.com/someone")),
    "portfolio_url": field(st.just("")),
    "source": choice(Source.choices),
    "current_title": field(NAMES), "current_company": field(NAMES),
    "tier": choice(Tier.choices), "stage": choice(Stage.choices),
    "got_away_reason": choice(GotAwayReason.choices), "got_away_on": recent_date(), "got_away_detail": field(NAMES),
    "do_not_contact": field(st.sampled_from(["on", ""])),
}
SAFE_NEXT = field(st.sampled_from(["/", "/candidates/", "https://evil.example/", "//evil.example/", "javascript:x"]))


def _snapshot() -> dict:
    """Everything a form could write, so a rejected form can be shown to have written nothing."""
    counts = {
        model.__name__: model.objects.count()
        for model in (Candidate, Interview, Feedback, CareerUpdate, TouchPoint, StageChange, CheckInSchedule)
    }
    counts["history"] = Candidate.history.count()
    return {
        "counts": counts,
        "candidate": model_to_dict(Candidate.objects.get(pk=WORLD_PK)),
        "schedule": model_to_dict(CheckInSchedule.objects.get(candidate_id=WORLD_PK)),
        "feedback": model_to_dict(Feedback.objects.get(pk=WORLD_PK)),
        "profiles": sorted(map(str, RecruiterProfile.objects.values_list("user_id", "timezone", "digest_hour"))),
    }


def _post(client: Client, url: str, data: dict):
    before = _snapshot()
    response = client.post(url, {k: v for k, v in data.items() if v is not None})
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert _snapshot() == before, "a rejected form changed the database"
    else:
        target = urlsplit(response["Location"])
        assert not target.scheme and not target.netloc, f"redirected off-site to {response['Location']}"
    return response


@pytest.fixture
def sid(world):
    """A recruiter far east of UTC, where a date near year 1 would overflow when stored as UTC."""
    user = recruiter_create(username="sid", email="sid@example.com", password="pw-sid-12345",
                            timezone_name="Pacific/Kiritimati")
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@FUZZ
@given(data=st.fixed_dictionaries(CANDIDATE))
def test_add_candidate_form(sid, data):
    response = _post(sid, reverse("candidates:create"), data)
    if response.status_code == 302:
        created = Candidate.objects.latest("pk")
        assert created.schedule is not None
        assert created.history.count() == 1


@pytest.mark.django_db
@FUZZ
@given(data=st.fixed_dictionaries(CANDIDATE))
def test_edit_candidate_form(sid, recruiter, data):
    _post(sid, reverse("candidates:update", args=[WORLD_PK]), {"owner": str(recruiter.pk), **data})


@pytest.mark.django_db
@FUZZ
@given(
    interview=st.fixed_dictionaries({
        "role_title": field(NAMES), "occurred_on": recent_date(), "stage": choice(InterviewStage.choices),
        "interviewers": field(NAMES), "outcome": choice(InterviewOutcome.choices),
    }),
    scorecard=st.fixed_dictionaries({}, optional=SCORECARD),
)
def test_interview_with_scorecard_form(sid, interview, scorecard):
    before = (Interview.objects.count(), Feedback.objects.count())
    data = {**interview, **{f"scorecard-{k}": v for k, v in scorecard.items()}}
    response = _post(sid, reverse("candidates:interview_create", args=[WORLD_PK]), data)
    if response.status_code == 302:
        typed_a_scorecard = any(str(v).strip() for v in scorecard.values())
        assert (Interview.objects.count(), Feedback.objects.count()) == (before[0] + 1, before[1] + typed_a_scorecard)


@pytest.mark.django_db
@FUZZ
@given(data=st.fixed_dictionaries(SCORECARD))
def test_feedback_form(sid, data):
    _post(sid, reverse("candidates:feedback_create", args=[WORLD_PK, WORLD_PK]), data)


@pytest.mark.django_db
@FUZZ
@given(data=st.fixed_dictionaries({
    "title": field(NAMES), "company": field(NAMES), "started_on": recent_date(), "note": field(NAMES),
}))
def test_career_update_form(sid, data):
    _post(sid, reverse("candidates:career_create", args=[WORLD_PK]), data)


@pytest.mark.django_db
@FUZZ
@given(data=st.fixed_dictionaries({
    "kind": choice(TouchKind.choices), "direction": choice(Direction.choices), "occurred_at": recent_moment(),
    "summary": field(NAMES), "next": SAFE_NEXT,
}))
def test_touch_point_form(sid, data):
    _post(sid, reverse("outreach:touch_create", args=[WORLD_PK]), data)


@pytest.mark.django_db
@FUZZ
@given(data=st.fixed_dictionaries({
    "cadence": field(st.sampled_from(["7", "14", "30", "90", "custom"])),
    "custom_days": field(st.integers(-5, 1000).map(str)),
    "preferred_channel": choice(TouchKind.choices),
    "next": SAFE_NEXT,
}))
def test_schedule_form(sid, data):
    _post(sid, reverse("outreach:schedule_update", args=[WORLD_PK]), data)


@pytest.mark.django_db
@FUZZ
@given(data=st.fixed_dictionaries({
    "period": field(st.sampled_from(["", "1w", "2w", "1m"])), "until": recent_date(), "next": SAFE_NEXT,
}))
def test_snooze_form(sid, data):
    _post(sid, reverse("outreach:schedule_snooze", args=[WORLD_PK]), data)


@pytest.mark.django_db
@FUZZ
@given(data=st.fixed_dictionaries({"via": field(st.sampled_from(["email", "call", "meeting"])),
                                   "shared_at": recent_moment()}))
def test_feedback_share_form(sid, data):
    _post(sid, reverse("outreach:feedback_share", args=[WORLD_PK]), data)


@pytest.mark.django_db
@FUZZ
@given(data=st.fixed_dictionaries({
    "timezone": field(st.sampled_from(["Europe/London", "Pacific/Kiritimati", "America/Adak", "UTC"])),
    "digest_hour": field(st.integers(-2, 30).map(str)),
    "digest_weekdays": st.lists(field(st.integers(-1, 8).map(str)), max_size=8),
    "digests_enabled": field(st.sampled_from(["on", ""])),
}))
def test_settings_form(sid, data):
    _post(sid, reverse("outreach:my_settings"), data)


@pytest.mark.django_db
@FUZZ
@given(params=st.fixed_dictionaries({}, optional={
    "q": JUNK_TEXT, "tier": field(st.just("1")), "reason": JUNK, "stage": JUNK, "owner": field(st.just("mine")),
    "overdue": JUNK, "sort": JUNK, "page": field(st.integers(-5, 10 ** 20).map(str)),
}))
def test_candidate_list_filters(sid, params):
    response = sid.get(reverse("candidates:list"), params)
    if any("\x00" in value for value in params.values()):
        assert response.status_code == 400  # refused before any view runs (nurture.middleware)
        return
    # A page number past the end (or not a number) is a plain 404, like any missing page.
    assert response.status_code == 200 or (response.status_code == 404 and "page" in params)


@pytest.mark.django_db
@FUZZ
@given(params=st.fixed_dictionaries({}, optional={
    "period": field(st.sampled_from(["month", "90d", "year", "custom"])), "from": JUNK_DATES, "to": JUNK_DATES,
    "recruiter": JUNK, "tier": JUNK, "sort": JUNK,
}))
def test_dashboard_filters(manager_client, params):
    has_nul = any("\x00" in value for value in params.values())
    assert manager_client.get(reverse("outreach:dashboard"), params).status_code == (400 if has_nul else 200)


@pytest.mark.django_db
@FUZZ
@given(url=st.one_of(JUNK_TEXT, st.sampled_from([
    "https://ada.dev/feed.xml", "github.com/ada", "http://127.0.0.1/feed", "http://[::1]/", "http://10.0.0.1/",
    "javascript:alert(1)", "file:///etc/passwd", "https://u:p@ada.dev/", "https://ada.dev:99999/",
])))
def test_follow_a_feed_form(sid, url):
    from outreach.watch.models import Feed

    before = Feed.objects.count()
    response = _post(sid, reverse("watch:follow", args=[WORLD_PK]), {"url": url})
    if response.status_code == 200:
        assert Feed.objects.count() == before
    else:
        assert Feed.objects.latest("pk").url.startswith(("https://", "http://"))


OPENING = {
    "title": field(NAMES), "team": field(NAMES), "location": field(NAMES),
    "remote": field(st.sampled_from(["on", ""])),
    "pay_currency": field(st.sampled_from(["GBP", "EUR", "USD", "CHF"])),
    "pay_min": field(st.integers(-10, 200_000_000).map(str)), "pay_max": field(st.integers(-10, 200_000_000).map(str)),
    "skills": field(NAMES, st.just("Python, Django, , python")),
}


@pytest.fixture
def opening_manager(world, manager):
    client = Client()
    client.force_login(manager)
    return client


@pytest.mark.django_db
@FUZZ
@given(data=st.fixed_dictionaries(OPENING), known_manager=st.booleans(), editing=st.booleans())
def test_opening_form(opening_manager, manager, data, known_manager, editing):
    from outreach.openings.models import Opening

    before = list(Opening.objects.order_by("pk").values())
    url = reverse("openings:update", args=[WORLD_PK]) if editing else reverse("openings:create")
    response = _post(opening_manager, url, {**data, "hiring_manager": str(manager.pk) if known_manager else "junk"})
    if response.status_code == 200:
        assert list(Opening.objects.order_by("pk").values()) == before
    else:
        opening = Opening.objects.get(pk=WORLD_PK) if editing else Opening.objects.latest("pk")
        assert 0 <= opening.pay_min <= opening.pay_max and all(isinstance(tag, str) for tag in opening.skills)
