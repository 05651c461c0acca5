"""Load run for `manage.py bench`: recruiters and a manager browsing the real pages over HTTP.

Reads its plan (session cookies, URLs) from the JSON file named in BENCH_PLAN, written by
bench/load.py; sessions are made in advance so the run measures pages, not logins.
"""
import itertools
import json
import os
import random

from locust import HttpUser, between, task

with open(os.environ["BENCH_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)
_recruiter_sessions = itertools.cycle(PLAN["recruiter_sessions"])
_manager_sessions = itertools.cycle(PLAN["manager_sessions"])


class _Member(HttpUser):
    abstract = True
    wait_time = between(0.1, 0.5)
    sessions = None

    def on_start(self) -> None:
        self.client.cookies.set(PLAN["cookie_name"], next(self.sessions))

    def _get(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")


class Recruiter(_Member):
    weight = 9
    sessions = _recruiter_sessions

    @task(3)
    def my_checkins(self) -> None:
        self._get(PLAN["urls"]["my_checkins"], "my check-ins")

    @task(3)
    def candidate_list(self) -> None:
        self._get(PLAN["urls"]["list_first"], "candidate list")

    @task(1)
    def deep_page(self) -> None:
        self._get(PLAN["urls"]["list_deep"], "candidate list, deep page")

    @task(2)
    def search(self) -> None:
        self._get(PLAN["urls"]["list_first"] + "?q=" + random.choice(PLAN["search_terms"]), "search")

    @task(3)
    def candidate(self) -> None:
        self._get(random.choice(PLAN["detail_urls"]), "candidate page")


class Manager(_Member):
    weight = 1
    sessions = _manager_sessions

    @task(3)
    def dashboard(self) -> None:
        self._get(PLAN["urls"]["dashboard"], "dashboard")

    @task(1)
    def dashboard_filtered(self) -> None:
        self._get(PLAN["urls"]["dashboard_filtered"], "dashboard, filtered")
