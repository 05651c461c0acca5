"""Paging over tables that can hold a million rows."""
from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Past this many matches an exact COUNT(*) costs more than the page itself, and nobody
# pages through 400 screens: the list says "10,000+" and pages that far.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows; `is_capped` says the true total is larger."""

    @cached_property
    def cap(self) -> int:
        # Read at use, not import, so a test can lower the module constant.
        return COUNT_CAP

    @cached_property
    def _counted(self) -> int:
        # Ordering is dropped: it doesn't change how many rows there are, and would make
        # the database sort every match just to count the first few thousand.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def is_capped(self) -> bool:
        return self._counted > self.cap

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @cached_property
    def count_label(self) -> str:
        return f"{self.count:,}+" if self.is_capped else f"{self.count:,}"
