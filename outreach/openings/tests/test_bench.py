"""The openings pages in the benchmark (bench/openings.py, bench/pages.py) on a small run, so they cannot rot."""
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import pages
from bench.openings import SKILLS, bench_opening
from outreach.openings import silver
from outreach.openings.models import Opening

from .factories import finalist

pytestmark = pytest.mark.django_db


def test_the_bench_opening_lives_while_the_pages_are_timed(manager, recruiter):
    finalist(full_name="Fits", skills=[SKILLS[0]], owner=recruiter)
    client = Client()
    client.force_login(recruiter)
    with bench_opening(manager) as opening_id:
        opening = Opening.objects.get(pk=opening_id)
        assert opening.is_open and opening.skills == SKILLS
        # A budget of its own looser than the recruiter pages' does not loosen theirs.
        spec = pages.PageSpec("opening_detail", "Opening page", "openings:detail", "recruiter", args=(opening_id,),
                              budget=200.0)
        result = pages.page_measure(spec, client, requests=3, warmup=1)
        with CaptureQueriesContext(connection) as captured:
            client.get(opening.get_absolute_url())
    assert result.status == 200 and result.budget_ms == pages.RECRUITER_P95_MS == 20.0 and result.p95_ms > 0
    # The silver medallists' query is a main-SQL candidate, explained with the setting it is sent with.
    medallists = [query for query in captured.captured_queries if "DISTINCT ON" in query["sql"]]
    milliseconds, sql = pages._main_sql(medallists, repeats=1)
    assert sql.startswith(silver.PG_SETTINGS) and "WITH finals AS" in sql
    assert milliseconds > 0
    assert not Opening.objects.exists()


def test_without_a_generated_manager_there_is_no_bench_opening():
    with bench_opening(None) as opening_id:
        assert opening_id is None


def test_a_query_is_explained_apart_from_its_settings():
    assert pages._settings_and_query("SET LOCAL jit = off; SET LOCAL work_mem = '8MB'; WITH b AS (SELECT 1) "
                                     "SELECT * FROM b") == (
        "SET LOCAL jit = off; SET LOCAL work_mem = '8MB'; ", "WITH b AS (SELECT 1) SELECT * FROM b")
    assert pages._settings_and_query("SELECT 1") == ("", "SELECT 1")
