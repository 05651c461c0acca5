"""Page timings through the real URLConf and middleware, with each page's queries and main SQL.

Every page timed belongs to one of three classes, each with its budget (docs/performance.md):

- a recruiter page is a page a recruiter can open: the hand-picked recruiter pages, and every
  routed page that answered 200 when timed as a recruiter. p50 ≤ 10 ms and p95 ≤ 20 ms.
- a manager page is the team dashboard: the hand-picked dashboard pages (every filter, custom
  date ranges included), the routed pages under /dashboard/, and the routed pages a manager
  opens that a recruiter cannot (403 for the recruiter). p95 ≤ 150 ms.
- every other page timed, such as a manager's view of a page a recruiter also opens, is held
  to p95 ≤ 50 ms.

A page a recruiter opens is held to the recruiter budget, whatever budget of its own it had
(a page's own budget only ever tightens its class's). Whatever the class, p50 at the largest
size is at most 1.5 × p50 at the smallest (bench/report.py).

Server time is the Django test Client's round trip: URL resolving, every middleware
(sessions are saved on each request), the view, its queries and template rendering, minus
only the network. The slowest query of one captured request is re-run under EXPLAIN ANALYZE,
so a page's time can be compared to the time its database work takes on its own.
"""
import datetime as dt
import json
import re
import statistics
import time
from dataclasses import asdict, dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from candidates.pagination import Cursor
from candidates.querysets import DEFAULT_LIST_SORT, LIST_SORTS
from outreach.demo.scale.loader import GENERATED_PREFIX

from . import openings, routes

User = get_user_model()
RECRUITER_P50_MS = 10.0
RECRUITER_P95_MS = 20.0
MANAGER_P95_MS = 150.0
OTHER_P95_MS = 50.0
# (p50, p95) budget in ms per page class; a p50 of 0 means none.
CLASS_BUDGETS = {"recruiter": (RECRUITER_P50_MS, RECRUITER_P95_MS), "manager": (0.0, MANAGER_P95_MS),
                 "other": (0.0, OTHER_P95_MS)}
# The custom range the dashboard is measured over: longer than a year, so it crosses both DST changes.
CUSTOM_RANGE_DAYS = 400
# Page 200 is as deep as anyone pages by hand; the same page at every size, so only the data grows.
# The list pages by cursor, so the bench opens the Next link a reader of page 199 would follow:
# its cursor is made once from the row just before the page (row 4,975 of the list, counted from 1).
DEEP_PAGE = 200
LIST_PAGE_SIZE = 25
PAGE_SECONDS_CAP = 90.0
# How a routed page that is not a page for this role answers, in words for the report.
REFUSALS = {403: "not a {role}'s page (403)", 405: "takes no GET (405)", 302: "redirects (302)"}


@dataclass
class PageSpec:
    key: str
    label: str
    url_name: str
    role: str  # "recruiter" or "manager": who is logged in
    args: tuple = ()
    query: dict = field(default_factory=dict)
    path: str = ""  # a URL already filled in (routed pages); else url_name + args
    unavailable: str = ""  # why this route cannot be opened here (reported, not timed)
    budget: float = 0.0  # a page's own p95 budget in ms, if tighter than its class's

    @property
    def budget_ms(self) -> float:
        """The p95 budget of the role's usual class (the class is settled once measured: page_classes_assign)."""
        default = MANAGER_P95_MS if self.role == "manager" else RECRUITER_P95_MS
        return min(self.budget, default) if self.budget else default


@dataclass
class PageResult:
    key: str
    label: str
    url: str = ""
    skipped: str = ""
    status: int = 0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    queries: int = 0
    main_sql_ms: float = 0.0
    main_sql: str = ""
    budget_ms: float = 0.0  # p95
    requests: int = 0
    role: str = ""  # who was logged in
    page_class: str = ""  # "recruiter", "manager" or "other" (see the module docstring)
    budget_p50_ms: float = 0.0  # 0: no p50 budget
    own_budget_ms: float = 0.0


@dataclass
class BenchSubjects:
    """Who and what the pages are measured with: the first generated recruiter and manager."""

    recruiter: object
    manager: object
    long_history_candidate: int
    search_text: str
    deep_cursor: str
    opening: int | None = None  # the bench's opening (bench/openings.py), while pages are timed


def subjects() -> BenchSubjects:
    recruiter = User.objects.filter(username__startswith=f"{GENERATED_PREFIX}recruiter-").order_by("username").first()
    manager = User.objects.filter(username__startswith=f"{GENERATED_PREFIX}manager-").order_by("username").first()
    generated = Candidate.objects.filter(is_generated=True).order_by("id")
    # The first generated candidate has the long history (see rows.LONG_HISTORY_EVERY).
    first = generated.values_list("id", flat=True).first()
    # A surname, as a recruiter would type it to find one person again.
    name = generated.values_list("full_name", flat=True)[7:8].get()
    return BenchSubjects(recruiter=recruiter, manager=manager, long_history_candidate=first,
                         search_text=name.split()[-1], deep_cursor=deep_list_cursor())


def deep_list_cursor() -> str:
    """The cursor of page DEEP_PAGE of the list in its default order (the last row on small lists)."""
    ordered = Candidate.objects.sorted_by(DEFAULT_LIST_SORT)
    before = (DEEP_PAGE - 1) * LIST_PAGE_SIZE - 1
    row = ordered[before:before + 1].first() or ordered.last()
    segment = LIST_SORTS[DEFAULT_LIST_SORT].segments[0]
    return Cursor(DEFAULT_LIST_SORT, 0, segment.values_of(row), page=DEEP_PAGE).dumps()


def page_specs(subject: BenchSubjects) -> list[PageSpec]:
    return [
        PageSpec("my_checkins", "My check-ins", "outreach:my_checkins", "recruiter"),
        PageSpec("list_first", "Candidate list, page 1", "candidates:list", "recruiter"),
        PageSpec("list_deep", f"Candidate list, page {DEEP_PAGE} (Next cursor)", "candidates:list", "recruiter",
                 query={"cursor": subject.deep_cursor}),
        PageSpec("search", "Search by surname", "candidates:list", "recruiter", query={"q": subject.search_text}),
        PageSpec("detail", "Candidate page (long history)", "candidates:detail", "recruiter",
                 args=(subject.long_history_candidate,)),
        PageSpec("dashboard", "Manager dashboard", "outreach:dashboard", "manager"),
        PageSpec("dashboard_filtered", "Dashboard, top tier, this year", "outreach:dashboard", "manager",
                 query={"tier": 1, "period": "year"}),
        PageSpec("dashboard_custom", f"Dashboard, custom range, last {CUSTOM_RANGE_DAYS} days", "outreach:dashboard",
                 "manager", query=custom_range()),
        PageSpec("dashboard_recruiter", "Dashboard, one recruiter", "outreach:dashboard", "manager",
                 query={"recruiter": subject.recruiter.pk}),
        PageSpec("dashboard_tier", "Dashboard, pool tier", "outreach:dashboard", "manager", query={"tier": 3}),
        PageSpec("dashboard_custom_recruiter_tier", "Dashboard, custom range, one recruiter, warm tier",
                 "outreach:dashboard", "manager",
                 query={**custom_range(), "recruiter": subject.recruiter.pk, "tier": 2}),
        PageSpec("openings", "Openings list", "openings:list", "recruiter"),
        PageSpec("opening_detail", "Opening page (silver medallists)", "openings:detail", "recruiter",
                 args=(subject.opening,) if subject.opening else (),
                 unavailable="" if subject.opening else "no generated manager to open it"),
        PageSpec("opening_detail_deep", "Opening page, silver medallists page 20 (or the last)", "openings:detail",
                 "recruiter", args=(subject.opening,) if subject.opening else (), query={"page": 20},
                 unavailable="" if subject.opening else "no generated manager"),
    ]


def custom_range(today: dt.date | None = None) -> dict:
    """The dashboard's custom period over the last CUSTOM_RANGE_DAYS days, as its form reads it."""
    today = today or timezone.localdate()
    first = today - dt.timedelta(days=CUSTOM_RANGE_DAYS - 1)
    return {"period": "custom", "from": first.isoformat(), "to": today.isoformat()}


def page_class(result: dict, by_key: dict[str, dict]) -> str:
    """Which budget a measured page is held to (the module docstring says why)."""
    if result["url"].startswith("/dashboard/"):
        return "manager"
    role = result.get("role") or ("manager" if result["key"].endswith(":manager") else "recruiter")
    if role == "recruiter":
        return "recruiter"
    if not result["key"].startswith("route:"):
        return "manager"  # a hand-picked manager page is a dashboard page
    twin = by_key.get(result["key"].removesuffix(":manager") + ":recruiter")
    return "manager" if twin and twin["status"] == 403 else "other"


def page_classes_assign(results: list[dict]) -> None:
    """Each result's class and the budgets that go with it (a page's own budget only ever tightens them)."""
    by_key = {result["key"]: result for result in results}
    for result in results:
        result["page_class"] = page_class(result, by_key)
        p50, p95 = CLASS_BUDGETS[result["page_class"]]
        own = result.get("own_budget_ms") or 0.0
        result["budget_p50_ms"], result["budget_ms"] = p50, min(own, p95) if own else p95


def routed_specs(subject: BenchSubjects) -> list[PageSpec]:
    """Every routed page (bench/routes.py), as a recruiter and as a manager."""
    specs = []
    for page in routes.routed_pages():
        path, why = routes.page_path(page, subject.recruiter)
        for role in ("recruiter", "manager"):
            specs.append(PageSpec(f"route:{page.name}:{role}", f"{page.name} ({role})", page.name, role,
                                  path=path, unavailable=why))
    return specs


def url_for(spec: PageSpec) -> str:
    if spec.path or spec.unavailable:
        return spec.path
    url = reverse(spec.url_name, args=spec.args)
    if spec.query:
        url += "?" + "&".join(f"{k}={v}" for k, v in spec.query.items())
    return url


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


_SET_LOCAL = re.compile(r"^\s*((?:SET LOCAL [^;]+;\s*)*)(.*)$", re.DOTALL | re.IGNORECASE)


def _settings_and_query(sql: str) -> tuple[str, str]:
    """ "SET LOCAL jit = off; WITH ..." -> ("SET LOCAL jit = off; ", "WITH ..."): a query sent with its settings."""
    settings, query = _SET_LOCAL.match(sql).groups()
    return settings, query


def _main_sql(captured: list[dict], repeats: int) -> tuple[float, str]:
    """The slowest SELECT of the request, timed alone by EXPLAIN ANALYZE (planning + execution)."""
    selects = [q for q in captured
               if _settings_and_query(q["sql"])[1].lstrip().upper().startswith(("SELECT", "WITH"))]
    if not selects:
        return 0.0, ""
    slowest = max(selects, key=lambda q: float(q["time"]))
    if connection.vendor != "postgresql":
        return float(slowest["time"]) * 1000, slowest["sql"]
    timings = []
    settings, query = _settings_and_query(slowest["sql"])
    with connection.cursor() as cursor:
        for _ in range(repeats):
            # Explained with the settings it was sent with (silver medallists switch JIT off).
            cursor.execute(settings + "EXPLAIN (ANALYZE, FORMAT JSON) " + query)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            timings.append(plan[0]["Planning Time"] + plan[0]["Execution Time"])
    return statistics.median(timings), slowest["sql"]


def page_measure(spec: PageSpec, client: Client, *, requests: int, warmup: int) -> PageResult:
    url = url_for(spec)
    result = PageResult(key=spec.key, label=spec.label, url=url, budget_ms=spec.budget_ms, role=spec.role,
                        own_budget_ms=spec.budget)
    if spec.unavailable:
        result.skipped = spec.unavailable
        return result
    started = time.perf_counter()
    for _ in range(warmup):
        response = client.get(url)
    result.status = response.status_code
    if response.status_code != 200:
        result.skipped = REFUSALS.get(response.status_code, f"answered {response.status_code}").format(role=spec.role)
        return result
    # A page far over budget gets fewer timed requests (never under 10), so one slow page
    # cannot hold the whole run hostage; the report says so.
    per_request = (time.perf_counter() - started) / max(1, warmup)
    if per_request * requests > PAGE_SECONDS_CAP:
        requests = max(10, int(PAGE_SECONDS_CAP / per_request))
    result.requests = requests
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    result.p50_ms = statistics.median(timings)
    result.p95_ms = _percentile(timings, 0.95)
    result.queries = len(captured.captured_queries)
    result.main_sql_ms, result.main_sql = _main_sql(captured.captured_queries, repeats=max(1, min(5, warmup)))
    return result


def pages_measure(*, requests: int, warmup: int, only: set[str] | None = None,
                  progress=lambda message: None) -> list[dict]:
    subject = subjects()
    clients = {}
    for role, user in (("recruiter", subject.recruiter), ("manager", subject.manager)):
        clients[role] = Client()
        clients[role].force_login(user)
    results = []
    with openings.bench_opening(subject.manager) as opening_id:
        subject.opening = opening_id
        for spec in page_specs(subject) + routed_specs(subject):
            if only and spec.key not in only:
                continue
            results.append(asdict(page_measure(spec, clients[spec.role], requests=requests, warmup=warmup)))
            progress(f"  {spec.label}: p50 {results[-1]['p50_ms']:.1f} ms {results[-1]['skipped']}")
    page_classes_assign(results)
    return results
