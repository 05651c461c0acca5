"""Possible duplicates already in the pool: the same LinkedIn profile, or a similar name at the
same company (rapidfuzz within each company). Emails are unique, so they never repeat.

Worked out ahead of the page and kept in DuplicatePair, so opening the list is an index range
over stored pairs rather than a comparison of the whole pool. The refresh follows the
candidates' audit trail (every create, edit, import and delete writes a history row): only the
companies and profiles of candidates changed since the last refresh are compared again. The
page catches up on a few changes itself; a bigger backlog (an import) goes to a worker, a job
catches up every few minutes, and a nightly rebuild recompares everyone.
"""
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from django.db import connection, transaction
from django.db.models import Case, CharField, F, Func, Max, Value, When
from django.db.models.functions import Lower, Trim
from django.utils import timezone
from rapidfuzz import fuzz, process

from candidates.models import Candidate

from .models import CandidateKey, DuplicatePair, DuplicateRank, DuplicateScan

LIKELY_SCORE = 88
LINKEDIN_PATTERN = r"^(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(in|pub)/([^/?#]+).*$"
# A "company" with more people than this is a placeholder ("Self-employed", "Freelance"):
# comparing everyone there with everyone else says nothing.
LARGEST_COMPANY = 500
BATCH = 2000


@dataclass(frozen=True)
class Pair:
    kind: str  # "linkedin" | "likely"
    first: Candidate
    second: Candidate
    why: str


def _linkedin_key():
    return Lower(Func(F("linkedin_url"), Value(LINKEDIN_PATTERN), Value(r"linkedin.com/\1/\2"), Value("i"),
                      function="regexp_replace"))


def _keys(candidates):
    """(id, name, company, profile) as compared, worked out by the database's own lower/trim/regexp."""
    return candidates.order_by().annotate(
        name_key=Lower("full_name"),
        company_key=Case(When(current_company="", then=Value("")), default=Lower(Trim("current_company")),
                         output_field=CharField()),
        profile_key=Case(When(linkedin_url="", then=Value("")), default=_linkedin_key(), output_field=CharField()),
    ).values_list("pk", "name_key", "company_key", "profile_key")


def _chunks(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


# A group's members are (candidate id, lower-case name), in id order.
def _linkedin_pairs(members: list[tuple[int, str]], key: str) -> list[DuplicatePair]:
    # Everyone sharing the profile paired with its first candidate: one merge screen each.
    (first, _), *others = members
    return [DuplicatePair(first_id=first, second_id=other, rank=DuplicateRank.LINKEDIN, key=key, score=100,
                          why=f"Same LinkedIn profile ({key})") for other, _ in others]


def _likely_pairs(members: list[tuple[int, str]], key: str) -> list[DuplicatePair]:
    if not 1 < len(members) <= LARGEST_COMPANY:
        return []
    names = [name for _, name in members]
    pairs = []
    for i, (pk, name) in enumerate(members[:-1]):
        # Each name against the later ones only, in rapidfuzz's C loop; only matches come back.
        found = process.extract(name, names[i + 1:], scorer=fuzz.token_sort_ratio, processor=None,
                                score_cutoff=LIKELY_SCORE, limit=None)
        for _name, score, offset in sorted(found, key=lambda match: match[2]):
            pairs.append(DuplicatePair(first_id=pk, second_id=members[i + 1 + offset][0], rank=DuplicateRank.LIKELY,
                                       key=key, score=round(score), why=f"Similar names ({score:.0f} %) at {key}"))
    return pairs


def _groups_compare(*, companies: set[str], profiles: set[str]) -> int:
    """Replace the stored pairs of these companies and profiles with freshly compared ones."""
    written = 0
    for rank, field, keys, pairing in ((DuplicateRank.LINKEDIN, "linkedin_key", profiles, _linkedin_pairs),
                                       (DuplicateRank.LIKELY, "company_key", companies, _likely_pairs)):
        for chunk in _chunks(sorted(keys)):
            DuplicatePair.objects.filter(rank=rank, key__in=chunk).delete()
            written += _pairs_write(CandidateKey.objects.filter(**{f"{field}__in": chunk}), field, pairing)
    return written


def _pairs_write(members, field: str, pairing) -> int:
    rows = members.order_by(field, "candidate_id").values_list(field, "candidate_id", "name")
    pairs, written = [], 0
    for key, group in groupby(rows.iterator(chunk_size=BATCH), key=itemgetter(0)):
        pairs += pairing([(pk, name) for _, pk, name in group], key)
        if len(pairs) >= BATCH:
            written += len(DuplicatePair.objects.bulk_create(pairs))
            pairs = []
    return written + len(DuplicatePair.objects.bulk_create(pairs))


def _scan_claim() -> DuplicateScan | None:
    """The scan row, locked for this transaction; None while another refresh holds it."""
    scan = DuplicateScan.objects.select_for_update(skip_locked=True).filter(pk=1).first()
    if scan is None and not DuplicateScan.objects.filter(pk=1).exists():
        DuplicateScan.objects.get_or_create(pk=1)  # the very first refresh
        scan = DuplicateScan.objects.select_for_update(skip_locked=True).filter(pk=1).first()
    return scan


def _latest_history_id() -> int:
    return Candidate.history.aggregate(latest=Max("history_id"))["latest"] or 0


def duplicates_backlog() -> int:
    """About how many candidate changes the stored pairs have not seen yet (two index look-ups)."""
    seen = DuplicateScan.objects.filter(pk=1).values_list("seen_history_id", flat=True).first() or 0
    return max(0, _latest_history_id() - seen)


def duplicates_refresh(*, most: int | None = None) -> int:
    """Compare again the candidates changed since the last refresh; the changes still waiting.

    With `most`, a backlog bigger than that is left for the worker (returned as it is)."""
    scan = DuplicateScan.objects.filter(pk=1).values_list("seen_history_id", "rebuilt_at").first()
    if scan and scan[1] and _latest_history_id() <= scan[0]:
        return 0  # nothing changed: the page's usual case, two index reads, no lock and no write
    return _refresh(most=most)


@transaction.atomic
def _refresh(*, most: int | None) -> int:
    scan = _scan_claim()
    if scan is None:
        return duplicates_backlog()  # another refresh is at it right now
    if scan.rebuilt_at is None:
        # Never compared yet (a new install, candidates loaded without history): everyone at once.
        people = Candidate.objects.count()
        if most is not None and people > most:
            return people
        _rebuild(scan)
        return 0
    latest = _latest_history_id()
    if most is not None and latest - scan.seen_history_id > most:
        return latest - scan.seen_history_id
    if latest <= scan.seen_history_id:
        return 0
    changed = set(Candidate.history.filter(history_id__gt=scan.seen_history_id, history_id__lte=latest)
                  .values_list("id", flat=True).distinct())
    _candidates_compare(sorted(changed))
    scan.seen_history_id, scan.refreshed_at = latest, timezone.now()
    scan.save(update_fields=["seen_history_id", "refreshed_at"])
    return 0


def _candidates_compare(ids: list[int]) -> None:
    companies, profiles = set(), set()
    for chunk in _chunks(ids):
        before = CandidateKey.objects.filter(candidate_id__in=chunk)
        # The groups they were in (a company left, a removed candidate) and the ones they are in now.
        for company, profile in before.values_list("company_key", "linkedin_key"):
            companies.add(company), profiles.add(profile)
        before.delete()
        now = [CandidateKey(candidate_id=pk, name=name, company_key=company, linkedin_key=profile)
               for pk, name, company, profile in _keys(Candidate.objects.filter(pk__in=chunk))]
        CandidateKey.objects.bulk_create(now)
        for key in now:
            companies.add(key.company_key), profiles.add(key.linkedin_key)
    _groups_compare(companies=companies - {""}, profiles=profiles - {""})


@transaction.atomic
def duplicates_rebuild() -> int:
    """Everyone compared again from scratch (the nightly job, and the first run); the pairs found."""
    scan = _scan_claim()
    return 0 if scan is None else _rebuild(scan)


def _rebuild(scan: DuplicateScan) -> int:
    latest = _latest_history_id()
    CandidateKey.objects.all().delete()
    DuplicatePair.objects.all().delete()
    # Everyone's keys in one INSERT ... SELECT: no row of the pool passes through Python.
    select, params = _keys(Candidate.objects.all()).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {CandidateKey._meta.db_table} (candidate_id, name, company_key, linkedin_key) "
                       f"{select}", params)  # noqa: S608 - the table from the model, the SELECT from the ORM
    written = 0
    for field, pairing in (("linkedin_key", _linkedin_pairs), ("company_key", _likely_pairs)):
        written += _pairs_write(CandidateKey.objects.exclude(**{field: ""}), field, pairing)
    scan.seen_history_id, scan.refreshed_at = latest, timezone.now()
    scan.rebuilt_at = scan.refreshed_at
    scan.save(update_fields=["seen_history_id", "refreshed_at", "rebuilt_at"])
    return written


def pairs_of(stored: Iterable[DuplicatePair]) -> list[Pair]:
    """The stored pairs of one page with their candidates (one query); a removed one is left out."""
    stored = list(stored)
    people = Candidate.objects.only("full_name", "email").in_bulk(
        {pk for pair in stored for pk in (pair.first_id, pair.second_id)})
    kinds = {DuplicateRank.LINKEDIN: "linkedin", DuplicateRank.LIKELY: "likely"}
    return [Pair(kinds[pair.rank], people[pair.first_id], people[pair.second_id], pair.why) for pair in stored
            if pair.first_id in people and pair.second_id in people]
