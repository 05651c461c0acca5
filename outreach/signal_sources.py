"""What other apps add to the re-approach signals (outreach.signals), without the core importing them.

Two kinds of contribution, registered from an AppConfig.ready():

- a *rule* yields FoundSignal rows: "open to opportunities from" (outreach.mail) is one;
- a *warming source* yields recent activity, (candidate id, when, what they did in words):
  a newsletter click (outreach.newsletters). The signals app merges every source into one
  "warming up" signal per candidate, naming the latest thing they did.

Both take a SignalScope: on an incremental pass, `restrict()` narrows a queryset to the
candidates that changed since the last one (and `since` says when that was).
"""
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet


@dataclass(frozen=True, slots=True)
class FoundSignal:
    candidate_id: int
    kind: str
    subject: str  # what it is about, e.g. "opening:12": a dismissed one never comes back
    score: int
    reason: str  # one line, in the recruiter's words
    opening_id: int | None = None
    expires_at: dt.datetime | None = None  # news for a while, then dropped


@dataclass(frozen=True)
class SignalScope:
    now: dt.datetime
    today: dt.date
    # None on a full pass; else the start of the previous pass.
    since: dt.datetime | None
    # On an incremental pass, the candidates whose own data changed since then.
    changed_candidate_ids: frozenset[int] | None

    @property
    def full(self) -> bool:
        return self.since is None

    def restrict(self, queryset: QuerySet, field: str = "pk", also: Q | None = None) -> QuerySet:
        """The whole queryset on a full pass; else only changed candidates (`field` names their id), or `also`.

        With `also`, the two halves are read as a UNION, each by its own index, rather than one OR
        that would make the database scan whichever range is larger.
        """
        if self.full:
            return queryset
        changed = queryset.filter(**{f"{field}__in": sorted(self.changed_candidate_ids)})
        if also is None:
            return changed
        # No ORDER BY inside a compound statement (SQLite refuses one; the models' default ordering adds it).
        return changed.order_by().union(queryset.filter(also).order_by())


@dataclass(frozen=True, slots=True)
class Activity:
    candidate_id: int
    happened_at: dt.datetime
    words: str  # "clicked a link in 'Autumn news'"


_rules: dict[str, tuple[Callable[..., Iterable[FoundSignal]], list[str]]] = {}
_warming_sources: dict[str, Callable[..., Iterable[Activity]]] = {}
# Apps whose tables tell the job which candidates changed: name -> callable(since) -> candidate ids.
_change_sources: dict[str, Callable[[dt.datetime], Iterable[int]]] = {}


def register_signal_rule(name: str, rule: Callable[..., Iterable[FoundSignal]], *, kinds: list[str]) -> None:
    """rule(*, scope: SignalScope) -> FoundSignal rows of `kinds`, looking at everyone on every pass.

    Replaces one of the same name. Its live signals not found again are removed, so a rule
    must be a cheap index range (a date reached, recent news), not a scan of the pool.
    """
    _rules[name] = (rule, list(kinds))


def register_warming_source(name: str, source: Callable[..., Iterable[Activity]]) -> None:
    """source(*, after: datetime, candidate_ids: set[int] | None = None) -> Activity rows since `after`.

    `after` is 14 days back, or the previous pass; `candidate_ids`, when given, narrows it to them.
    """
    _warming_sources[name] = source


def register_change_source(name: str, source: Callable[[dt.datetime], Iterable[int]]) -> None:
    """source(since) -> ids of candidates whose data held by that app changed after `since`."""
    _change_sources[name] = source


def signal_rules() -> dict[str, tuple[Callable[..., Iterable[FoundSignal]], list[str]]]:
    return dict(_rules)


def warming_sources() -> dict[str, Callable[..., Iterable[Activity]]]:
    return dict(_warming_sources)


def change_sources() -> dict[str, Callable[[dt.datetime], Iterable[int]]]:
    return dict(_change_sources)
