"""An opening for the page benchmark: its page lists the silver medallists of the generated data.

The generated data has no openings, so the bench adds one while the pages are timed, asking for
skills common in that data (each candidate has three of about twenty), and removes it after: an
opening's hiring manager is protected, so one left behind would stop --replace removing the
generated team.
"""
from collections.abc import Iterator
from contextlib import contextmanager

from outreach.demo.scale import vocab
from outreach.openings.models import Opening
from outreach.openings.services import opening_create

TITLE = "Bench staff engineer"
SKILLS = vocab.SKILLS[:4]


@contextmanager
def bench_opening(manager) -> Iterator[int | None]:
    """The id of an open opening while the block runs (None without a generated manager)."""
    Opening.objects.filter(title=TITLE).delete()
    if manager is None:
        yield None
        return
    opening = opening_create(title=TITLE, team="Platform", location="London", remote=True, pay_currency="GBP",
                             pay_min=120_000, pay_max=150_000, skills=SKILLS, hiring_manager=manager,
                             created_by=manager)
    try:
        yield opening.pk
    finally:
        Opening.objects.filter(pk=opening.pk).delete()
