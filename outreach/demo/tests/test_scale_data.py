"""The scale data generator and the benchmark harness, at sizes small enough for every test run."""
import io
import json
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, F, Q
from django.utils import timezone

from bench.routes import routed_pages
from candidates.choices import GotAwayReason, Stage, Tier
from candidates.models import Candidate, CareerUpdate, Company, Interview, StageChange
from candidates.tests.factories import CandidateFactory
from outreach.dashboard.tests.test_views import ROLLUP_QUERIES
from outreach.demo.scale import loader
from outreach.demo.scale.rows import LONG_HISTORY_TOUCHES, openings_for
from outreach.models import CheckInSchedule, TouchPoint
from outreach.openings.models import Opening

User = get_user_model()
pytestmark = pytest.mark.django_db

# Big enough for the shares to show, small enough for the portable (non-COPY) path to be quick.
SIZE = 400
SMALL = 120


def generate(size: int = SIZE, **options) -> None:
    call_command("generate_scale_data", candidates=size, recruiters=4, stdout=io.StringIO(), **options)


def test_generated_team_has_logins_profiles_and_roles():
    generate(SMALL)
    recruiters = User.objects.filter(username__startswith="gen-recruiter-")
    assert recruiters.count() == 4
    assert all(u.profile.timezone for u in recruiters)
    assert set(recruiters.values_list("groups__name", flat=True)) == {"Recruiters"}
    manager = User.objects.get(username="gen-manager-0001")
    assert manager.has_perm("candidates.view_team_dashboard")
    assert not manager.has_usable_password()
    # Candidates are shared evenly between the recruiters.
    owners = Counter(Candidate.objects.values_list("owner__username", flat=True))
    assert set(owners.values()) == {SMALL // 4}


def test_distribution_matches_a_real_team():
    generate(defer_indexes="yes")
    assert Candidate.objects.filter(is_generated=True).count() == SIZE
    tiers = Counter(Candidate.objects.values_list("tier", flat=True))
    assert tiers[Tier.TOP] / SIZE == pytest.approx(0.05, abs=0.03)
    assert tiers[Tier.WARM] / SIZE == pytest.approx(0.25, abs=0.05)
    assert tiers[Tier.POOL] / SIZE == pytest.approx(0.70, abs=0.05)
    assert set(Candidate.objects.values_list("got_away_reason", flat=True)) == set(GotAwayReason.values)
    assert set(Candidate.objects.values_list("stage", flat=True)) == set(Stage.values)
    assert not Candidate.objects.filter(stage=Stage.DO_NOT_CONTACT, do_not_contact=False).exists()

    # ~10 touch points per candidate, besides the one long-history candidate the bench opens.
    touches = TouchPoint.objects.count() - LONG_HISTORY_TOUCHES
    assert touches / (SIZE - 1) == pytest.approx(10, abs=1)
    assert Interview.objects.count() / SIZE == pytest.approx(2, abs=0.3)
    per_interview = Counter(Interview.objects.annotate(n=Count("feedback")).values_list("n", flat=True))
    assert set(per_interview) <= {1, 2, 3}
    assert CareerUpdate.objects.count() / SIZE == pytest.approx(1.5, abs=0.3)
    assert not Candidate.objects.filter(stage_changes__isnull=True).exists()
    assert StageChange.objects.filter(from_stage="").count() == SIZE

    assert CheckInSchedule.objects.count() == SIZE
    overdue = CheckInSchedule.objects.filter(next_due_at__lte=timezone.now()).count()
    assert overdue / SIZE == pytest.approx(0.15, abs=0.04)
    if connection.vendor == "postgresql":
        # Indexes dropped for the load come back whole, statistics targets included.
        with connection.cursor() as cursor:
            cursor.execute("SELECT attstattarget FROM pg_attribute "
                           "WHERE attrelid = 'candidate_full_name_trgm'::regclass")
            assert cursor.fetchone()[0] == 1000
    # Each schedule carries its candidate's owner and tier.
    assert not CheckInSchedule.objects.exclude(owner=F("candidate__owner"), tier=F("candidate__tier")).exists()
    # The schedule agrees with the touch history: its last touch is the latest touch point.
    schedule = CheckInSchedule.objects.select_related("candidate").order_by("id")[5]
    latest = schedule.candidate.touch_points.order_by("-occurred_at").first()
    assert latest.occurred_at == schedule.last_touch_at


def test_same_seed_same_data_and_new_rows_get_working_ids():
    generate(SMALL, seed=7)
    first = list(Candidate.objects.order_by("id").values_list("full_name", "tier", "stage", "got_away_reason"))
    touches = list(Candidate.objects.order_by("id").annotate(n=Count("touch_points")).values_list("n", flat=True))
    generate(SMALL, seed=7, replace=True)
    assert list(Candidate.objects.order_by("id").values_list("full_name", "tier", "stage", "got_away_reason")) == first
    assert list(Candidate.objects.order_by("id").annotate(n=Count("touch_points"))
                .values_list("n", flat=True)) == touches
    generate(SMALL, seed=8, replace=True)
    assert list(Candidate.objects.order_by("id").values_list("full_name", "tier", "stage", "got_away_reason")) != first
    # Sequences were moved past the generated ids: the app can still add rows.
    assert CandidateFactory(owner=User.objects.get(username="gen-recruiter-0001")).pk


def test_refuses_a_database_with_real_data(recruiter):
    real = CandidateFactory(owner=recruiter, full_name="Real Person")
    with pytest.raises(CommandError, match="real data"):
        generate(SMALL)
    assert not Candidate.objects.filter(is_generated=True).exists()

    generate(SMALL, force=True)
    generate(SMALL, force=True, replace=True)
    # --replace removes only generated rows, never the real ones beside them.
    assert Candidate.objects.filter(is_generated=True).count() == SMALL
    assert Candidate.objects.get(pk=real.pk).full_name == "Real Person"
    assert User.objects.filter(pk=recruiter.pk).exists()


def test_refuses_to_double_the_data_without_replace():
    generate(SMALL)
    with pytest.raises(CommandError, match="--replace"):
        generate(SMALL)


def test_bench_smoke_measures_every_page_and_job(tmp_path):
    out = tmp_path / "results.json"
    # The candidate email run commits as it goes; outreach/mail/tests/test_bench.py covers it.
    printed = io.StringIO()
    call_command("bench", sizes="120", quick=True, mail_messages=0, output=str(out), stdout=printed)
    document = json.loads(out.read_text())
    result = document["sizes"]["120"]
    pages = {page["key"]: page for page in result["pages"]}
    hand_picked = {"my_checkins", "list_first", "list_deep", "search", "detail", "dashboard", "dashboard_filtered",
                   "dashboard_custom", "dashboard_recruiter", "dashboard_tier", "dashboard_custom_recruiter_tier",
                   "openings", "opening_detail", "opening_detail_deep"}
    routed = {f"route:{page.name}:{role}" for page in routed_pages() for role in ("recruiter", "manager")}
    assert set(pages) == hand_picked | routed
    # Every routed page is timed, or the table says in words why not.
    assert pages["route:candidates:detail:manager"]["status"] == 200
    assert pages["route:mail:template_list:recruiter"]["p50_ms"] > 0
    assert pages["route:outreach:dashboard:recruiter"]["skipped"] == "not a recruiter's page (403)"
    assert pages["route:outreach:schedule_pause:recruiter"]["skipped"] == "takes no GET (405)"
    assert pages["route:mail:unsubscribe:manager"]["skipped"] == "needs a signed token"
    assert pages["route:logout:recruiter"]["skipped"] == "ends the session"
    # The generator makes a row of each hand-made kind, so their pages are timed too.
    for name in ("segments:detail", "newsletters:detail", "sequences:detail", "events:detail", "imports:detail",
                 "exports:detail", "mail:email_detail", "newsletters:series_detail"):
        assert pages[f"route:{name}:recruiter"]["status"] == 200, pages[f"route:{name}:recruiter"]
    assert not [page for page in pages.values() if "in the generated data" in page["skipped"]
                or "no model known" in page["skipped"]]
    for key in routed:
        assert pages[key]["skipped"] or pages[key]["status"] == 200, pages[key]
    # Classes and budgets: a page a recruiter opens is a recruiter page; the dashboard and what only
    # managers open are manager pages; a manager's view of a recruiter's page is held to 50 ms.
    for key in ("list_first", "opening_detail", "route:candidates:detail:recruiter", "route:openings:list:recruiter"):
        assert (pages[key]["page_class"], pages[key]["budget_p50_ms"], pages[key]["budget_ms"]) == (
            "recruiter", 10.0, 20.0), pages[key]
    for key in ("dashboard", "dashboard_custom", "route:outreach:dashboard:manager",
                "route:outreach:dashboard_csv:manager", "route:duplicates:list:manager"):
        assert (pages[key]["page_class"], pages[key]["budget_ms"]) == ("manager", 150.0), pages[key]
    assert pages["dashboard_custom"]["status"] == 200 and "period=custom" in pages["dashboard_custom"]["url"]
    assert (pages["route:candidates:detail:manager"]["page_class"],
            pages["route:candidates:detail:manager"]["budget_ms"]) == ("other", 50.0)
    # The printed table lists every page, timed with met/MISSED or with why it is not.
    lines = printed.getvalue().splitlines()
    for page in pages.values():
        row = next(line for line in lines if line.startswith(page["label"] + " "))
        assert row.endswith(("met", "MISSED")) or f"unavailable: {page['skipped']}" in row, row
    assert any(line.startswith(f"{len(pages)} pages: ") for line in lines)
    for page in (pages[key] for key in hand_picked):
        assert page["skipped"] in ("", "answered 404"), page  # page 200 does not exist at 120 candidates
        if not page["skipped"]:
            assert page["status"] == 200
            assert page["queries"] > 0
            assert page["p50_ms"] > 0
    assert result["jobs"]["flag_overdue"]["flagged"] > 0
    assert result["jobs"]["digests"]["queued"] == 2  # both generated recruiters have check-ins due
    assert result["jobs"]["digests"]["peak_rss_mb"] > 0
    assert any(check["check"].startswith("Flag overdue") for check in result["budgets"])
    # The roll-ups are rebuilt before the pages are timed, so the dashboard pages read them.
    assert result["jobs"]["dashboard_rollups"]["rows"] > 0
    # UTC's count, and up to three more where the manager's midnight falls inside a UTC day.
    assert ROLLUP_QUERIES <= pages["dashboard"]["queries"] <= ROLLUP_QUERIES + 3


def test_bench_rejects_bad_sizes():
    with pytest.raises(CommandError, match="candidate counts"):
        call_command("bench", sizes="ten", quick=True)


def test_my_checkins_renders_at_most_50_rows_per_section_but_counts_all(client):
    # One recruiter owning every candidate: well over 50 of them overdue (about 13 % of them are).
    call_command("generate_scale_data", candidates=2 * SIZE, recruiters=1, stdout=io.StringIO())
    recruiter = User.objects.get(username="gen-recruiter-0001")
    overdue = CheckInSchedule.objects.for_owner(recruiter).overdue(timezone.now()).count()
    assert overdue > 50
    client.force_login(recruiter)
    page = client.get("/").content.decode()
    assert page.count('class="list-group-item py-3 checkin-row"') <= 100
    assert f'id="count-overdue">{overdue}<' in page
    assert f"Showing the 50 most urgent of {overdue}" in page


def test_candidates_carry_their_ask_follow_up_and_careers_at_companies():
    generate(defer_indexes="yes")
    candidates = Candidate.objects.all()
    # Skills are tag lists, as the JSON column holds them.
    assert all(isinstance(skills, list) and skills for skills in candidates.values_list("skills", flat=True))
    with_pay = candidates.filter(expected_pay__isnull=False)
    assert with_pay.count() / SIZE == pytest.approx(0.72, abs=0.1)
    assert not candidates.filter(expected_pay__isnull=True).exclude(expected_pay_currency="").exists()
    assert not with_pay.filter(expected_pay_currency="").exists()
    assert set(with_pay.values_list("expected_pay_currency", flat=True)) == {"EUR", "GBP", "USD"}
    assert all(60_000 <= pay <= 200_000 for pay in with_pay.values_list("expected_pay", flat=True))
    gap = candidates.filter(got_away_reason=GotAwayReason.COMPENSATION_GAP)
    assert gap.filter(expected_pay__isnull=False).count() >= gap.count() * 0.9
    # A follow-up date only for those who got away over timing, some weeks back to four months ahead.
    follow_ups = candidates.filter(follow_up_on__isnull=False)
    assert follow_ups.exists()
    assert set(follow_ups.values_list("got_away_reason", flat=True)) == {GotAwayReason.TIMING}
    today = timezone.now().date()
    assert all(-61 <= (day - today).days <= 121 for day in follow_ups.values_list("follow_up_on", flat=True))
    assert candidates.filter(open_to_relocation=True).exists() and candidates.filter(open_to_remote=True).exists()

    # Every career step starts on a day and works for a company record; some employers hold many got-aways.
    assert not CareerUpdate.objects.filter(Q(started_on__isnull=True) | Q(employer__isnull=True)).exists()
    assert not CareerUpdate.objects.exclude(company=F("employer__name")).exists()
    busiest = Company.objects.annotate(n=Count("career_updates__candidate", distinct=True)).order_by("-n").first()
    assert busiest.n >= 5
    anniversaries = CareerUpdate.objects.filter(started_on__range=(
        today - timezone.timedelta(days=365 + 21), today - timezone.timedelta(days=365 - 21)))
    assert anniversaries.count() >= 10

    openings = Opening.objects.all()
    assert openings.count() == 3
    for opening in openings:
        assert opening.title in set(Interview.objects.values_list("role_title", flat=True).distinct()) | {opening.title}
        assert opening.pay_min <= opening.pay_max and opening.pay_currency in {"EUR", "GBP", "USD"}
        assert opening.hiring_manager.username.startswith("gen-manager-")
        assert opening.skills and opening.team
        assert opening.location or opening.remote


def test_openings_scale_with_size_and_replace_removes_companies_and_openings(recruiter):
    assert openings_for(10_000) == 3 and openings_for(1_000_000) == 40 and openings_for(5_000_000) == 200
    generate(SMALL, seed=3, force=True)
    first = list(Opening.objects.order_by("id").values_list("title", "pay_min", "skills"))
    generate(SMALL, seed=3, force=True, replace=True)
    assert list(Opening.objects.order_by("id").values_list("title", "pay_min", "skills")) == first
    # A company someone real works at stays when the generated data goes.
    real = CandidateFactory(owner=recruiter)
    acme = Company.objects.get(key="acme labs")
    CareerUpdate.objects.create(candidate=real, company="Acme Labs", employer=acme, title="CTO",
                                recorded_by=recruiter, recorded_at=timezone.now())
    loader.generated_remove()
    assert not Opening.objects.exists()
    assert list(Company.objects.values_list("name", flat=True)) == ["Acme Labs"]
