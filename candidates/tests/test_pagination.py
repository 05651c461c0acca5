"""Keyset pages of the candidate list: every sort walks forwards and back without gaps or repeats."""
import datetime as dt

import pytest
from django.core import signing
from django.utils import timezone

from candidates.choices import Tier
from candidates.models import Candidate
from candidates.pagination import CURSOR_SALT, SORT_MATCHES_UP_TO, Cursor, CursorError, KeysetPaginator
from candidates.querysets import LIST_SORTS
from candidates.tests.factories import CandidateFactory
from outreach.models import CheckInSchedule

pytestmark = pytest.mark.django_db

PER_PAGE = 7


@pytest.fixture
def crowd(recruiter):
    """40 candidates full of ties on every sort key, never-touched ones, and two without a schedule."""
    now = timezone.now().replace(microsecond=0)
    people = []
    for i in range(40):
        people.append(CandidateFactory(
            owner=recruiter, full_name=f"Person {i % 6}", tier=(Tier.TOP, Tier.WARM, Tier.POOL)[i % 3],
        ))
        CheckInSchedule.objects.filter(candidate=people[-1]).update(
            next_due_at=now + dt.timedelta(days=i % 4),
            last_touch_at=None if i % 5 == 0 else now - dt.timedelta(days=i % 3),
        )
    Candidate.objects.filter(pk__in=[p.pk for p in people[:20]]).update(created_at=now - dt.timedelta(days=1))
    CheckInSchedule.objects.filter(candidate__in=people[-2:]).delete()
    return people


def walk(paginator) -> tuple[list[int], list]:
    """Every row reached by following Next from the first page, and the pages on the way."""
    pages = [paginator.page(None)]
    while pages[-1].has_next:
        assert len(pages) < 50, "Next never ends"
        pages.append(paginator.page(pages[-1].next_cursor))
    return [c.pk for page in pages for c in page], pages


@pytest.mark.parametrize("few_matches", [False, True], ids=["walked", "sorted"])
@pytest.mark.parametrize("sort_key", LIST_SORTS)
def test_every_sort_pages_forwards_and_back_in_its_order_without_gaps_or_repeats(crowd, sort_key, few_matches):
    queryset = Candidate.objects.for_list()
    paginator = KeysetPaginator(queryset, sort_key=sort_key, sort=LIST_SORTS[sort_key], per_page=PER_PAGE)
    paginator.sort_few_matches(40 if few_matches else SORT_MATCHES_UP_TO + 1)
    assert paginator.sort_matches is few_matches
    expected = list(queryset.sorted_by(sort_key).values_list("pk", flat=True))
    seen, pages = walk(paginator)
    assert seen == expected and len(seen) == 40
    assert [page.number for page in pages] == [1, 2, 3, 4, 5, 6]
    assert [len(page) for page in pages] == [7, 7, 7, 7, 7, 5]
    assert not pages[0].has_previous and not pages[-1].has_next
    # Back from the last page, Previous by Previous, gives the same pages in reverse.
    page, back = pages[-1], []
    while page.has_previous:
        page = paginator.page(page.previous_cursor)
        back.append(page)
    assert [[c.pk for c in p] for p in back] == [[c.pk for c in p] for p in pages[-2::-1]]
    assert [p.number for p in back] == [5, 4, 3, 2, 1]
    assert back[-1].has_next and not back[-1].has_previous


def test_candidates_without_a_schedule_close_the_schedule_sorts(crowd):
    orphans = {c.pk for c in crowd[-2:]}
    for sort_key in ("next_due", "last_touch"):
        paginator = KeysetPaginator(Candidate.objects.for_list(), sort_key=sort_key,
                                    sort=LIST_SORTS[sort_key], per_page=PER_PAGE)
        assert set(walk(paginator)[0][-2:]) == orphans


def test_never_touched_come_after_every_touched_candidate(crowd):
    paginator = KeysetPaginator(Candidate.objects.for_list(), sort_key="last_touch",
                                sort=LIST_SORTS["last_touch"], per_page=PER_PAGE)
    rows = [Candidate.objects.get(pk=pk) for pk in walk(paginator)[0][:-2]]
    touched = [c.schedule.last_touch_at for c in rows]
    first_never = touched.index(None)
    assert all(t is None for t in touched[first_never:]) and first_never == 30
    assert touched[:first_never] == sorted(touched[:first_never], reverse=True)


def test_a_filtered_list_pages_within_the_filter(crowd):
    queryset = Candidate.objects.for_list().filter(tier=Tier.WARM)
    paginator = KeysetPaginator(queryset, sort_key="next_due", sort=LIST_SORTS["next_due"], per_page=PER_PAGE)
    seen, pages = walk(paginator)
    assert seen == list(queryset.sorted_by("next_due").values_list("pk", flat=True)) and len(seen) == 13
    assert len(pages) == 2


def test_a_cursor_keeps_working_after_its_row_is_gone(crowd):
    paginator = _paginator()
    first = paginator.page(None)
    expected = [c.pk for c in paginator.page(first.next_cursor)]
    first.object_list[-1].delete()
    assert [c.pk for c in paginator.page(first.next_cursor)] == expected


def test_next_falls_back_to_the_first_page_when_every_row_after_it_was_removed(crowd):
    paginator = _paginator()
    first = paginator.page(None)
    Candidate.objects.exclude(pk__in=[c.pk for c in first.object_list]).delete()
    again = paginator.page(first.next_cursor)
    assert again.number == 1 and [c.pk for c in again] == [c.pk for c in first.object_list]


def test_previous_falls_back_to_the_first_page_when_rows_before_it_were_removed(crowd):
    paginator = _paginator()
    first = paginator.page(None)
    second = paginator.page(first.next_cursor)
    Candidate.objects.filter(pk__in=[c.pk for c in first.object_list[:3]]).delete()
    back = paginator.page(second.previous_cursor)
    assert back.number == 1 and not back.has_previous and len(back) == PER_PAGE


def _paginator(sort_key="name"):
    return KeysetPaginator(Candidate.objects.for_list(), sort_key=sort_key, sort=LIST_SORTS[sort_key],
                           per_page=PER_PAGE)


@pytest.mark.parametrize("token", [
    "garbage",
    "",  # handled as "no cursor" by page(), so excluded below
    signing.dumps(["name", 0, ["Person 1", 5], "a", 2], salt="another.salt"),
    signing.dumps(["tier", 0, [1, "Person 1", 5], "a", 2], salt=CURSOR_SALT),  # made for another sort
    signing.dumps(["name", 0, [5, "Person 1"], "a", 2], salt=CURSOR_SALT),  # values of the wrong type
    signing.dumps(["name", 0, ["Person 1"], "a", 2], salt=CURSOR_SALT),  # too few values
    signing.dumps(["name", 3, ["Person 1", 5], "a", 2], salt=CURSOR_SALT),  # no such segment
    signing.dumps(["name", -1, ["Person 1", 5], "a", 2], salt=CURSOR_SALT),
    signing.dumps(["name", 0, ["Person 1", 5], "sideways", 2], salt=CURSOR_SALT),
    signing.dumps(["name", 0, ["Person 1", 5], "a", 0], salt=CURSOR_SALT),
    signing.dumps({"sort": "name"}, salt=CURSOR_SALT),
])
def test_altered_or_foreign_cursors_are_refused(crowd, token):
    if not token:
        assert _paginator().page(token).number == 1
        return
    with pytest.raises(CursorError):
        _paginator().page(token)


def test_a_cursor_with_a_naive_or_unreadable_datetime_is_refused(crowd):
    for value in ("2026-01-01T10:00:00", "yesterday", 12):
        token = signing.dumps(["recent", 0, [value, 5], "a", 2], salt=CURSOR_SALT)
        with pytest.raises(CursorError):
            _paginator("recent").page(token)


def test_a_tampered_cursor_fails_its_signature(crowd):
    token = _paginator().page(None).next_cursor
    with pytest.raises(CursorError):
        _paginator().page(token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"))


def test_cursor_round_trip_keeps_datetimes_aware():
    when = dt.datetime(2026, 5, 1, 9, 30, tzinfo=dt.UTC)
    token = Cursor("recent", 0, [when, 7], "b", 4).dumps()
    assert Cursor.loads(token, sort_key="recent", sort=LIST_SORTS["recent"]) == Cursor("recent", 0, [when, 7], "b", 4)
