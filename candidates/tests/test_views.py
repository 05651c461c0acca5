"""Candidate pages: who may open them, and the candidates list (search, filters, sort, pages)."""
import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from candidates.choices import GotAwayReason, Stage, Tier
from candidates.models import Candidate
from candidates.tests.factories import CandidateFactory, InterviewFactory
from outreach.models import CheckInSchedule

pytestmark = pytest.mark.django_db


def _page_urls(candidate, interview):
    return [
        reverse("candidates:list"),
        reverse("candidates:create"),
        reverse("candidates:detail", args=[candidate.pk]),
        reverse("candidates:update", args=[candidate.pk]),
        reverse("candidates:interview_create", args=[candidate.pk]),
        reverse("candidates:feedback_create", args=[candidate.pk, interview.pk]),
        reverse("candidates:career_create", args=[candidate.pk]),
    ]


@pytest.fixture
def candidate(recruiter):
    return CandidateFactory(owner=recruiter, full_name="Ada Lovelace", email="ada@lovelace.example")


@pytest.fixture
def no_role_client(client):
    """Someone who can log in but was never given a role group."""
    user = get_user_model().objects.create_user(username="norole", password="pw-norole-12345")
    client.force_login(user)
    return client


def set_due(candidate, when, **extra):
    CheckInSchedule.objects.filter(candidate=candidate).update(next_due_at=when, **extra)


# --- Access --------------------------------------------------------------------------


def test_every_page_needs_a_login(client, candidate):
    interview = InterviewFactory(candidate=candidate)
    for url in _page_urls(candidate, interview):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_a_user_without_a_role_gets_403_on_every_page(no_role_client, candidate):
    interview = InterviewFactory(candidate=candidate)
    for url in _page_urls(candidate, interview):
        assert no_role_client.get(url).status_code == 403, url
        assert no_role_client.post(url, {"full_name": "X"}).status_code == 403, url
    assert Candidate.objects.count() == 1


def test_every_role_can_open_every_page(client, recruiter, manager, admin_user, candidate):
    interview = InterviewFactory(candidate=candidate)
    for user in (recruiter, manager, admin_user):
        client.force_login(user)
        for url in _page_urls(candidate, interview):
            assert client.get(url).status_code == 200, (user, url)


@pytest.mark.parametrize("name", ["detail", "update", "interview_create", "career_create"])
def test_a_missing_candidate_is_404(recruiter_client, name):
    url = reverse(f"candidates:{name}", args=[999999])
    assert recruiter_client.get(url).status_code == 404
    if name != "detail":
        assert recruiter_client.post(url, {}).status_code == 404


# --- The list ------------------------------------------------------------------------


def test_list_shows_the_columns_a_recruiter_scans(recruiter_client, recruiter):
    CandidateFactory(
        owner=recruiter, full_name="Grace Hopper", headline="Compiler pioneer", tier=Tier.TOP,
        stage=Stage.NURTURING, got_away_reason=GotAwayReason.COMPENSATION_GAP,
        current_title="Rear Admiral", current_company="US Navy",
    )
    response = recruiter_client.get(reverse("candidates:list"))
    html = response.content.decode()
    for text in ("Grace Hopper", "Compiler pioneer", "Top", "Nurturing", "Compensation gap",
                 "Rear Admiral at US Navy", "Rita Recruiter", "Never", "Add candidate"):
        assert text in html, text
    assert 'class="badge tier-badge-1"' in html


def test_empty_list_invites_to_add_the_first_candidate(recruiter_client):
    html = recruiter_client.get(reverse("candidates:list")).content.decode()
    assert "No candidates yet" in html
    assert reverse("candidates:create") in html


def test_filters_that_match_nobody_say_so(recruiter_client, candidate):
    html = recruiter_client.get(reverse("candidates:list"), {"q": "nobody-by-this-name"}).content.decode()
    assert "No candidates match these filters" in html
    assert "Ada Lovelace" not in html


def names_on(response) -> list[str]:
    return [c.full_name for c in response.context["candidates"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("lovelace", ["Ada Lovelace"]), ("ADA@LOVELACE", ["Ada Lovelace"]), ("analytical", ["Ada Lovelace"]),
     ("hopper", ["Grace Hopper"]), ("", ["Ada Lovelace", "Grace Hopper"])],
)
def test_search_matches_name_email_or_company(recruiter_client, recruiter, query, expected):
    CandidateFactory(owner=recruiter, full_name="Ada Lovelace", email="ada@lovelace.example",
                     current_company="Analytical Engines")
    CandidateFactory(owner=recruiter, full_name="Grace Hopper", email="grace@navy.example", current_company="Navy")
    response = recruiter_client.get(reverse("candidates:list"), {"q": query})
    assert names_on(response) == expected


def test_filter_by_tier_reason_and_stage(recruiter_client, recruiter):
    CandidateFactory(owner=recruiter, full_name="Top Declined", tier=Tier.TOP,
                     got_away_reason=GotAwayReason.DECLINED_OFFER, stage=Stage.NURTURING)
    CandidateFactory(owner=recruiter, full_name="Top Budget", tier=Tier.TOP,
                     got_away_reason=GotAwayReason.NO_BUDGET, stage=Stage.GOT_AWAY)
    CandidateFactory(owner=recruiter, full_name="Pool Declined", tier=Tier.POOL,
                     got_away_reason=GotAwayReason.DECLINED_OFFER, stage=Stage.GOT_AWAY)
    url = reverse("candidates:list")
    assert names_on(recruiter_client.get(url, {"tier": Tier.TOP})) == ["Top Budget", "Top Declined"]
    assert names_on(recruiter_client.get(url, {"reason": "declined_offer"})) == ["Pool Declined", "Top Declined"]
    assert names_on(recruiter_client.get(url, {"stage": "nurturing"})) == ["Top Declined"]
    assert names_on(recruiter_client.get(url, {"tier": Tier.TOP, "stage": "got_away"})) == ["Top Budget"]


def test_filter_by_owner_mine_or_a_colleague(recruiter_client, recruiter, other_recruiter):
    CandidateFactory(owner=recruiter, full_name="Mine")
    CandidateFactory(owner=other_recruiter, full_name="Oscar's")
    url = reverse("candidates:list")
    assert names_on(recruiter_client.get(url, {"owner": "mine"})) == ["Mine"]
    assert names_on(recruiter_client.get(url, {"owner": other_recruiter.pk})) == ["Oscar's"]
    html = recruiter_client.get(url).content.decode()
    assert "Oscar Other" in html  # colleagues are offered in the owner filter


def test_overdue_filter_uses_the_active_schedule(recruiter_client, recruiter):
    now = timezone.now()
    due = CandidateFactory(owner=recruiter, full_name="Due Yesterday")
    set_due(due, now - dt.timedelta(days=1))
    paused = CandidateFactory(owner=recruiter, full_name="Paused Long Ago")
    set_due(paused, now - dt.timedelta(days=40), paused=True)
    stopped = CandidateFactory(owner=recruiter, full_name="Asked Us To Stop", do_not_contact=True)
    set_due(stopped, now - dt.timedelta(days=3))
    CandidateFactory(owner=recruiter, full_name="Not Due Yet")  # first check-in a cadence from now
    response = recruiter_client.get(reverse("candidates:list"), {"overdue": "1"})
    assert names_on(response) == ["Due Yesterday"]
    # The overdue row is flagged in red; the same rule drives the flag and the filter.
    assert 'class="text-danger fw-semibold next-due-overdue"' in response.content.decode()
    all_rows = recruiter_client.get(reverse("candidates:list")).content.decode()
    assert all_rows.count("next-due-overdue") == 1


def test_sort_orders(recruiter_client, recruiter):
    now = timezone.now()
    b = CandidateFactory(owner=recruiter, full_name="Bea", tier=Tier.POOL)
    a = CandidateFactory(owner=recruiter, full_name="Abe", tier=Tier.WARM)
    c = CandidateFactory(owner=recruiter, full_name="Cyd", tier=Tier.TOP)
    set_due(a, now + dt.timedelta(days=3), last_touch_at=now - dt.timedelta(days=9))
    set_due(b, now + dt.timedelta(days=1), last_touch_at=now - dt.timedelta(days=1))
    set_due(c, now + dt.timedelta(days=2), last_touch_at=None)
    url = reverse("candidates:list")
    assert names_on(recruiter_client.get(url)) == ["Abe", "Bea", "Cyd"]
    assert names_on(recruiter_client.get(url, {"sort": "name"})) == ["Abe", "Bea", "Cyd"]
    assert names_on(recruiter_client.get(url, {"sort": "tier"})) == ["Cyd", "Abe", "Bea"]
    assert names_on(recruiter_client.get(url, {"sort": "next_due"})) == ["Bea", "Cyd", "Abe"]
    assert names_on(recruiter_client.get(url, {"sort": "last_touch"})) == ["Bea", "Abe", "Cyd"]
    assert names_on(recruiter_client.get(url, {"sort": "recent"})) == ["Cyd", "Abe", "Bea"]


def test_bad_filter_values_are_reported_not_a_500(recruiter_client, candidate):
    response = recruiter_client.get(reverse("candidates:list"), {"tier": "9", "owner": "nobody", "sort": "salary"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert names_on(response) == ["Ada Lovelace"]  # the bad filters are ignored, not guessed at


def test_pages_of_25_keep_the_filters_in_their_links(recruiter_client, recruiter):
    for i in range(30):
        CandidateFactory(owner=recruiter, full_name=f"Top {i:02d}", tier=Tier.TOP)
    CandidateFactory(owner=recruiter, full_name="Warm One", tier=Tier.WARM)
    url = reverse("candidates:list")
    first = recruiter_client.get(url, {"tier": Tier.TOP, "sort": "name"})
    assert len(names_on(first)) == 25
    html = first.content.decode()
    assert "?tier=1&amp;sort=name&amp;page=2" in html
    second = recruiter_client.get(url, {"tier": Tier.TOP, "sort": "name", "page": 2})
    assert names_on(second) == [f"Top {i:02d}" for i in range(25, 30)]
    assert recruiter_client.get(url, {"page": 99}).status_code == 404


@pytest.mark.parametrize("rows", [5, 50])
def test_list_query_count_does_not_grow_with_rows(client, recruiter, other_recruiter, django_assert_num_queries, rows):
    now = timezone.now()
    for i in range(rows):
        candidate = CandidateFactory(owner=recruiter if i % 2 else other_recruiter)
        if i % 3 == 0:
            set_due(candidate, now - dt.timedelta(days=1), last_touch_at=now - dt.timedelta(days=20))
    client.force_login(recruiter)
    # session, user, profile (timezone), 2 x permissions, owner choices, count, rows,
    # then the session save every request makes (savepoint, update, release).
    with django_assert_num_queries(11):
        response = client.get(reverse("candidates:list"), {"sort": "next_due"})
    assert len(response.context["candidates"]) == min(rows, 25)



# --- At scale: capped count, owner filter ----------------------------------------------


def test_count_over_the_cap_reads_as_a_floor_and_pages_stop_there(recruiter_client, recruiter, monkeypatch):
    monkeypatch.setattr("candidates.pagination.COUNT_CAP", 50)
    for i in range(53):
        CandidateFactory(owner=recruiter, full_name=f"Person {i:02d}")
    url = reverse("candidates:list")
    html = recruiter_client.get(url).content.decode()
    assert '<span id="candidate-count">50+</span> candidates' in html
    assert "page 1 of 2+" in html
    assert "count-capped" not in html
    last = recruiter_client.get(url, {"page": 2})
    assert names_on(last) == [f"Person {i:02d}" for i in range(25, 50)]
    assert "Pages stop after the first 50. Narrow the filters or change the sort" in last.content.decode()
    assert recruiter_client.get(url, {"page": 3}).status_code == 404
    # The other end of the list is one sort away.
    newest = recruiter_client.get(url, {"sort": "recent"})
    assert names_on(newest)[0] == "Person 52"


def test_count_at_or_under_the_cap_is_exact(recruiter_client, recruiter, monkeypatch):
    monkeypatch.setattr("candidates.pagination.COUNT_CAP", 50)
    for i in range(50):
        CandidateFactory(owner=recruiter, full_name=f"Person {i:02d}", tier=Tier.TOP if i < 1 else Tier.WARM)
    url = reverse("candidates:list")
    html = recruiter_client.get(url).content.decode()
    assert '<span id="candidate-count">50</span> candidates' in html and "50+</span>" not in html
    assert "Page 1 of 2</span>" in html
    one = recruiter_client.get(url, {"tier": Tier.TOP}).content.decode()
    assert '<span id="candidate-count">1</span> candidate matches these filters' in one


def test_owner_filter_lists_the_team_and_keeps_a_dashboard_link_selected(recruiter_client, recruiter,
                                                                        other_recruiter, candidate):
    other_recruiter.first_name = "<b>Oscar</b>"
    other_recruiter.save()
    CandidateFactory(owner=other_recruiter, full_name="Grace Hopper")
    url = reverse("candidates:list")
    response = recruiter_client.get(url, {"owner": other_recruiter.pk})
    assert names_on(response) == ["Grace Hopper"]
    html = response.content.decode()
    assert f'<option value="{other_recruiter.pk}" selected>&lt;b&gt;Oscar&lt;/b&gt; Other</option>' in html
    assert f'<option value="{recruiter.pk}">Rita Recruiter</option>' in html
    assert '<select name="owner" class="' in html and 'id="id_owner"' in html
    mine = recruiter_client.get(url, {"owner": "mine"})
    assert names_on(mine) == ["Ada Lovelace"]
    assert '<option value="mine" selected>Mine</option>' in mine.content.decode()
    assert '<option value="" selected>Anyone</option>' in recruiter_client.get(url).content.decode()
