"""Candidate pages: who may open them, and the candidates list (search, filters, sort, pages)."""
import datetime as dt
import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from candidates.choices import GotAwayReason, Stage, Tier
from candidates.models import Candidate
from candidates.querysets import LIST_SORTS
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


@pytest.mark.parametrize("off", [{"stage": Stage.NOT_INTERESTED}, {"do_not_contact": True}])
def test_the_list_shows_no_next_check_in_for_someone_whose_check_ins_are_off(recruiter_client, recruiter, off):
    CandidateFactory(owner=recruiter, full_name="Olive Off", **off)
    CandidateFactory(owner=recruiter, full_name="Nora Nurtured")
    rows = recruiter_client.get(reverse("candidates:list")).content.decode().split("<tr>")
    off_row = next(row for row in rows if "Olive Off" in row)
    on_row = next(row for row in rows if "Nora Nurtured" in row)
    next_check_in = r'<td class="text-nowrap">\s*<time datetime'
    assert "check-ins-off" in off_row and not re.search(next_check_in, off_row.split("Never")[-1])
    assert "check-ins-off" not in on_row and re.search(next_check_in, on_row.split("Never")[-1])



def test_list_rows_show_four_skills_and_the_last_touch_in_my_timezone(recruiter_client, recruiter):
    candidate = CandidateFactory(owner=recruiter, full_name="Ada Lovelace",
                                 skills=["Python", "Django", "SQL", "Go", "Rust", "C"])
    # 23:30 UTC on 3 February is already 4 February in Tokyo.
    recruiter.profile.timezone = "Asia/Tokyo"
    recruiter.profile.save(update_fields=["timezone"])
    CheckInSchedule.objects.filter(candidate=candidate).update(
        last_touch_at=dt.datetime(2026, 2, 3, 23, 30, tzinfo=dt.UTC))
    page = recruiter_client.get(reverse("candidates:list")).content.decode()
    assert page.count('<span class="badge rounded-pill text-bg-light border">') == 4
    assert "+2 more" in page and ">Rust<" not in page
    assert ('<time datetime="2026-02-04T08:30:00+09:00" title="4 Feb 2026, 08:30">4 Feb 2026</time>') in page

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


def link(response, rel: str) -> str:
    """The Next or Previous link of the list, as a URL to get."""
    found = re.search(rf'<a class="page-link" href="([^"]+)" rel="{rel}">', response.content.decode())
    assert found, f"no {rel} link"
    return reverse("candidates:list") + html.unescape(found.group(1))


def test_pages_of_25_follow_next_and_previous_with_the_filters_kept(recruiter_client, recruiter):
    for i in range(30):
        CandidateFactory(owner=recruiter, full_name=f"Top {i:02d}", tier=Tier.TOP)
    CandidateFactory(owner=recruiter, full_name="Warm One", tier=Tier.WARM)
    url = reverse("candidates:list")
    first = recruiter_client.get(url, {"tier": Tier.TOP, "sort": "name"})
    assert names_on(first) == [f"Top {i:02d}" for i in range(25)]
    assert "Page 1 of 2</span>" in first.content.decode()
    next_url = link(first, "next")
    assert next_url.startswith(f"{url}?tier=1&sort=name&cursor=")
    second = recruiter_client.get(next_url)
    assert names_on(second) == [f"Top {i:02d}" for i in range(25, 30)]
    page = second.content.decode()
    assert "Page 2 of 2</span>" in page and 'rel="next"' not in page
    assert '<a class="page-link" href="?tier=1&amp;sort=name">First page</a>' in page
    assert names_on(recruiter_client.get(link(second, "prev"))) == names_on(first)


def test_an_old_page_number_bookmark_opens_the_first_page(recruiter_client, recruiter):
    for i in range(30):
        CandidateFactory(owner=recruiter, full_name=f"Person {i:02d}")
    response = recruiter_client.get(reverse("candidates:list"), {"page": 99, "sort": "name"})
    assert response.status_code == 200
    assert names_on(response)[0] == "Person 00"
    assert "page=" not in link(response, "next")


@pytest.mark.parametrize("cursor", ["not-a-cursor", "x" * 300])
def test_a_tampered_cursor_gets_the_first_page_and_a_note(recruiter_client, recruiter, cursor):
    for i in range(30):
        CandidateFactory(owner=recruiter, full_name=f"Person {i:02d}")
    url = reverse("candidates:list")
    real = link(recruiter_client.get(url), "next")
    for bad in (real[:-4] + "AAAA", real + "&sort=tier", f"{url}?cursor={cursor}"):
        response = recruiter_client.get(bad)
        assert response.status_code == 200
        assert names_on(response)[0] in ("Person 00", "Person 29")  # the first page of its sort
        assert "That page link no longer works" in response.content.decode()
    assert "That page link no longer works" not in recruiter_client.get(real).content.decode()


@pytest.mark.parametrize("rows", [5, 80])
@pytest.mark.parametrize("sort", LIST_SORTS)
def test_list_query_count_does_not_grow_with_rows_or_depth(client, recruiter, other_recruiter,
                                                           django_assert_num_queries, rows, sort):
    now = timezone.now()
    for i in range(rows):
        candidate = CandidateFactory(owner=recruiter if i % 2 else other_recruiter)
        if i % 3 == 0:
            set_due(candidate, now - dt.timedelta(days=1), last_touch_at=now - dt.timedelta(days=20))
    client.force_login(recruiter)
    url = reverse("candidates:list")
    # session, user, profile (timezone), 2 x permissions, count, rows (the session was
    # saved at login, so it is not saved again). The last page of a schedule sort also asks
    # for candidates without a schedule, who end it.
    last_page_extra = 1 if rows <= 25 and len(LIST_SORTS[sort].segments) > 1 else 0
    with django_assert_num_queries(7 + last_page_extra):
        response = client.get(url, {"sort": sort})
    assert len(response.context["candidates"]) == min(rows, 25)
    if rows > 25:
        deeper = client.get(link(client.get(link(response, "next")), "next"))
        assert deeper.context["page_obj"].number == 3
        with django_assert_num_queries(7):
            client.get(link(response, "next"))


# --- At scale: capped count, owner filter ----------------------------------------------


def test_count_over_the_cap_reads_as_a_floor_and_next_goes_past_it(recruiter_client, recruiter, monkeypatch):
    monkeypatch.setattr("candidates.pagination.COUNT_CAP", 50)
    for i in range(53):
        CandidateFactory(owner=recruiter, full_name=f"Person {i:02d}")
    url = reverse("candidates:list")
    first = recruiter_client.get(url)
    page = first.content.decode()
    assert '<span id="candidate-count">50+</span> candidates · page 1\n' in page
    assert "Page 1</span>" in page  # no "of N": the total is not known
    third = recruiter_client.get(link(recruiter_client.get(link(first, "next")), "next"))
    assert names_on(third) == ["Person 50", "Person 51", "Person 52"]
    assert "Page 3</span>" in third.content.decode()


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


def test_owner_filter_offers_the_chosen_colleague_not_the_whole_team(recruiter_client, recruiter,
                                                                     other_recruiter, candidate):
    other_recruiter.first_name = "<b>Oscar</b>"
    other_recruiter.save()
    CandidateFactory(owner=other_recruiter, full_name="Grace Hopper")
    url = reverse("candidates:list")
    response = recruiter_client.get(url, {"owner": other_recruiter.pk})  # as a dashboard link sends it
    assert names_on(response) == ["Grace Hopper"]
    html = response.content.decode()
    assert f'<option value="{other_recruiter.pk}" selected>&lt;b&gt;Oscar&lt;/b&gt; Other</option>' in html
    assert "Rita Recruiter</option>" not in html
    assert '<select name="owner" class="' in html and 'id="id_owner"' in html
    assert 'data-url="/candidates/owners/"' in html and "js/candidate_filters.js" in html
    mine = recruiter_client.get(url, {"owner": "mine"})
    assert names_on(mine) == ["Ada Lovelace"]
    assert '<option value="mine" selected>Mine</option>' in mine.content.decode()
    everyone = recruiter_client.get(url).content.decode()
    assert '<option value="" selected>Anyone</option>' in everyone
    assert "Oscar&lt;/b&gt; Other</option>" not in everyone


def test_owner_search_answers_matching_colleagues_as_json(recruiter_client, recruiter, other_recruiter):
    url = reverse("candidates:owner_search")
    response = recruiter_client.get(url, {"q": "osc"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.json() == {"results": [{"id": other_recruiter.pk, "name": "Oscar Other"}]}
    assert recruiter_client.get(url).json() == {"results": []}
    assert recruiter_client.get(url, {"q": "x" * 5000}).json() == {"results": []}


def test_owner_search_needs_a_login_and_a_role(client, django_user_model):
    url = reverse("candidates:owner_search")
    assert client.get(url, {"q": "a"}).status_code == 302
    client.force_login(django_user_model.objects.create_user(username="norole", password="pw-norole-12345"))
    assert client.get(url, {"q": "a"}).status_code == 403


@pytest.mark.parametrize("sort", LIST_SORTS)
def test_a_search_pages_through_its_matches_in_every_sort(recruiter_client, recruiter, sort,
                                                          django_assert_num_queries):
    now = timezone.now()
    for i in range(32):
        match = CandidateFactory(owner=recruiter, full_name=f"Ada Byron {i % 4}", current_company="Analytical")
        set_due(match, now + dt.timedelta(days=i % 3), last_touch_at=None if i % 4 else now)
        CandidateFactory(owner=recruiter, full_name=f"Charles Babbage {i}", current_company="Engines")
    url = reverse("candidates:list")
    expected = list(Candidate.objects.search("byron").sorted_by(sort).values_list("full_name", "pk"))
    # session, user, profile, 2 x permissions, count, the page (its few matches sorted,
    # see KeysetPaginator.sort_few_matches).
    with django_assert_num_queries(7):
        first = recruiter_client.get(url, {"q": "byron", "sort": sort})
    assert '<span id="candidate-count">32</span> candidates match these filters' in first.content.decode()
    second = recruiter_client.get(link(first, "next"))
    shown = [(c.full_name, c.pk) for c in [*first.context["candidates"], *second.context["candidates"]]]
    assert shown == expected
    assert names_on(recruiter_client.get(link(second, "prev"))) == names_on(first)


def test_a_search_matching_more_than_the_cap_still_pages(recruiter_client, recruiter, monkeypatch):
    monkeypatch.setattr("candidates.pagination.COUNT_CAP", 20)
    for i in range(30):
        CandidateFactory(owner=recruiter, full_name=f"Ada {i:02d}")
    url = reverse("candidates:list")
    first = recruiter_client.get(url, {"q": "ada"})
    assert '<span id="candidate-count">20+</span> candidates match these filters' in first.content.decode()
    assert names_on(recruiter_client.get(link(first, "next"))) == [f"Ada {i:02d}" for i in range(25, 30)]


def test_few_matches_are_sorted_and_the_whole_list_walked_in_index_order(recruiter_client, recruiter, monkeypatch):
    monkeypatch.setattr("candidates.pagination.SORT_MATCHES_UP_TO", 3)
    for i in range(4):
        CandidateFactory(owner=recruiter, full_name=f"Person {i}", tier=Tier.TOP if i < 3 else Tier.POOL)

    def page_sql(params):
        with CaptureQueriesContext(connection) as captured:
            recruiter_client.get(reverse("candidates:list"), params)
        return next(q["sql"] for q in captured.captured_queries if "ORDER BY" in q["sql"])

    assert "ORDER BY COALESCE(" in page_sql({"tier": Tier.TOP})  # 3 matches: sorted
    assert "ORDER BY COALESCE(" not in page_sql({})  # everyone: walked in the name index
    assert "ORDER BY COALESCE(" not in page_sql({"owner": "mine"})  # 4 matches: walked
