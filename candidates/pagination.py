"""Paging over tables that can hold a million rows.

Pages are reached by keyset ("seek") pagination: a Next or Previous link carries a signed
cursor holding the sort key values of the last (or first) row shown, and the next page is
`WHERE (sort keys) > (those values) ORDER BY sort keys LIMIT 26`, which an index matching the
sort answers by reading 26 rows however deep the page is. OFFSET would read and throw away
every row before the page: 100-175 ms at row 5,000 of a million-row list.
"""
import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

from .querysets import ListSegment, ListSort

# Past this many matches an exact COUNT(*) costs more than the page itself: the list
# says "10,000+" instead.
COUNT_CAP = 10_000
# A filter matching at most this many rows has them sorted rather than walked in sort order.
SORT_MATCHES_UP_TO = 2_500
CURSOR_SALT = "candidates.list.cursor"
AFTER, BEFORE = "a", "b"


class CursorError(ValueError):
    """A cursor that was altered, signed with another key, or made for another sort."""


class CappedCount:
    """Counts at most COUNT_CAP + 1 rows; `is_capped` says the true total is larger."""

    def __init__(self, queryset, per_page: int):
        self.queryset = queryset
        self.per_page = per_page

    @cached_property
    def _counted(self) -> int:
        # Ordering is dropped: it doesn't change how many rows there are, and would make
        # the database sort every match just to count the first few thousand.
        return self.queryset.order_by()[: COUNT_CAP + 1].count()

    @cached_property
    def is_capped(self) -> bool:
        return self._counted > COUNT_CAP

    @cached_property
    def count(self) -> int:
        return min(self._counted, COUNT_CAP)

    @cached_property
    def count_label(self) -> str:
        return f"{self.count:,}+" if self.is_capped else f"{self.count:,}"

    @cached_property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))


@dataclass
class Cursor:
    """Where a page starts: after (or before) the row whose sort keys are `values`."""

    sort: str
    segment: int
    values: list
    direction: str = AFTER
    page: int = 2

    def dumps(self) -> str:
        values = [v.isoformat() if isinstance(v, dt.datetime) else v for v in self.values]
        return signing.dumps([self.sort, self.segment, values, self.direction, self.page], salt=CURSOR_SALT)

    @classmethod
    def loads(cls, token: str, *, sort_key: str, sort: ListSort) -> "Cursor":
        try:
            name, segment, values, direction, page = signing.loads(token, salt=CURSOR_SALT)
            if (name != sort_key or direction not in (AFTER, BEFORE) or type(page) is not int or page < 1
                    or type(segment) is not int or segment < 0):
                raise CursorError("made for another sort")
            kinds = sort.segments[segment].kinds
            if not isinstance(values, list) or len(values) != len(kinds):
                raise CursorError("wrong number of values")
            return cls(name, segment, [_typed(v, kind) for v, kind in zip(values, kinds, strict=True)], direction, page)
        except (signing.BadSignature, TypeError, ValueError, IndexError) as error:
            raise CursorError(str(error)) from error


def _typed(value, kind: type):
    if kind is dt.datetime:
        parsed = dt.datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise CursorError("naive datetime")
        return parsed
    if type(value) is not kind:
        raise CursorError(f"expected {kind.__name__}")
    return value


@dataclass
class KeysetPage:
    """One page of rows, with the cursors of its neighbours (None where there is none)."""

    object_list: list
    number: int
    next_cursor: str | None = None
    previous_cursor: str | None = None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


class KeysetPaginator:
    """Pages of `per_page` rows of a filtered queryset in one of the list's sorts.

    A sort is made of segments read one after the other (e.g. candidates with a check-in
    schedule in schedule order, then those without one); a page normally lies inside one
    segment and costs one query, and a page that crosses into the next segment costs two.
    """

    def __init__(self, queryset, *, sort_key: str, sort: ListSort, per_page: int):
        self.queryset = queryset
        self.sort_key = sort_key
        self.sort = sort
        self.per_page = per_page
        self.sort_matches = False

    def sort_few_matches(self, count: int) -> None:
        """Have the database sort a filter's matches instead of walking the sort's index, if few.

        Ordered by an index, the planner reads rows in sort order testing each against the
        filters, as if matches were spread evenly; for a surname or one recruiter's book among
        a million rows it reads tens of thousands of rows per page (150-700 ms). Wrapped sort
        keys (COALESCE(k, k), the same order) match no index, so it finds the matches with
        the filters' own indexes and sorts them: a few milliseconds for a few thousand. Many
        matches are better walked: they are dense in the index, and sorting them would cost.
        """
        self.sort_matches = count <= SORT_MATCHES_UP_TO

    def page(self, token: str | None) -> KeysetPage:
        """The page a cursor points at; no cursor is the first page. Raises CursorError."""
        if not token:
            return self.first_page()
        cursor = Cursor.loads(token, sort_key=self.sort_key, sort=self.sort)
        if cursor.direction == AFTER:
            rows = self._read(cursor.segment, cursor.values, forward=True)
            if not rows:
                # Nothing after it any more (the rows were removed): not an empty page.
                return self.first_page()
            return self._page(rows[: self.per_page], cursor.page,
                              more_after=len(rows) > self.per_page, more_before=True)
        rows = self._read(cursor.segment, cursor.values, forward=False)
        if len(rows) < self.per_page:
            # Fewer rows before it than a page (some were removed since): the real first page.
            return self.first_page()
        more_before = len(rows) > self.per_page
        number = max(cursor.page, 2) if more_before else 1
        return self._page(rows[: self.per_page][::-1], number, more_after=True, more_before=more_before)

    def first_page(self) -> KeysetPage:
        rows = self._read(0, None, forward=True)
        return self._page(rows[: self.per_page], 1, more_after=len(rows) > self.per_page, more_before=False)

    def _read(self, segment: int, values: list | None, *, forward: bool) -> list:
        """Up to per_page + 1 rows from a position, crossing into later (or earlier) segments."""
        wanted = self.per_page + 1
        rows = []
        while 0 <= segment < len(self.sort.segments) and len(rows) < wanted:
            part = self._segment_rows(self.sort.segments[segment], values, forward=forward, limit=wanted - len(rows))
            rows += [(segment, row) for row in part]
            segment, values = segment + (1 if forward else -1), None
        return rows

    def _segment_rows(self, segment: ListSegment, values: list | None, *, forward: bool, limit: int) -> list:
        queryset = self.queryset.filter(segment.condition)
        keys = [Coalesce(key, key) for key in segment.keys] if self.sort_matches else segment.keys
        ascending = forward != segment.descending
        if values is not None:
            beyond = TupleGreaterThan if ascending else TupleLessThan
            queryset = queryset.filter(beyond(Tuple(*keys), values))
        ordering = [key.asc() if ascending else key.desc() for key in keys]
        return list(queryset.order_by(*ordering)[:limit])

    def _page(self, rows: list, number: int, *, more_after: bool, more_before: bool) -> KeysetPage:
        def cursor(at, direction, page):
            segment, row = at
            values = self.sort.segments[segment].values_of(row)
            return Cursor(self.sort_key, segment, values, direction, page).dumps()

        return KeysetPage(
            object_list=[row for _, row in rows],
            number=number,
            next_cursor=cursor(rows[-1], AFTER, number + 1) if rows and more_after else None,
            previous_cursor=cursor(rows[0], BEFORE, number - 1) if rows and more_before else None,
        )
