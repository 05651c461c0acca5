"""Possible duplicates already in the pool: the same LinkedIn profile, or a similar name at the
same company (rapidfuzz within each company). Emails are unique, so they never repeat.

Worked out when the page opens, grouped in SQL first so only candidates who share a profile
or a company reach Python; the page shows the first pairs found.
"""
from dataclasses import dataclass

from django.db.models import Count, F, Func, Value
from django.db.models.functions import Lower, Trim
from rapidfuzz import fuzz

from candidates.models import Candidate

LIKELY_SCORE = 88
LINKEDIN_PATTERN = r"^(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(in|pub)/([^/?#]+).*$"
# A "company" with more people than this is a placeholder ("Self-employed", "Freelance"):
# comparing everyone there with everyone else says nothing.
LARGEST_COMPANY = 500


@dataclass(frozen=True)
class Pair:
    kind: str  # "linkedin" | "likely"
    first: Candidate
    second: Candidate
    why: str


def _linkedin_key():
    return Lower(Func(F("linkedin_url"), Value(LINKEDIN_PATTERN), Value(r"linkedin.com/\1/\2"), Value("i"),
                      function="regexp_replace"))


def possible_duplicates(*, limit: int = 50) -> list[Pair]:
    pairs: list[tuple[str, int, int, str]] = []
    shared = (Candidate.objects.exclude(linkedin_url="").annotate(key=_linkedin_key()).values("key")
              .annotate(n=Count("id")).filter(n__gt=1).order_by("key")[:limit])
    keys = [row["key"] for row in shared]
    by_key: dict[str, list[int]] = {}
    for pk, key in (Candidate.objects.annotate(key=_linkedin_key()).filter(key__in=keys).order_by("pk")
                    .values_list("pk", "key")):
        by_key.setdefault(key, []).append(pk)
    for key, pks in by_key.items():
        pairs += [("linkedin", pks[0], other, f"Same LinkedIn profile ({key})") for other in pks[1:]]
    if len(pairs) < limit:
        pairs += _likely(limit - len(pairs))
    people = Candidate.objects.select_related("owner").in_bulk({pk for pair in pairs for pk in pair[1:3]})
    return [Pair(kind, people[a], people[b], why) for kind, a, b, why in pairs[:limit] if a in people and b in people]


def _likely(limit: int) -> list[tuple[str, int, int, str]]:
    company = Lower(Trim("current_company"))
    crowded = (Candidate.objects.exclude(current_company="").annotate(key=company).values("key")
               .annotate(n=Count("id")).filter(n__gt=1, n__lte=LARGEST_COMPANY).order_by("key"))
    found = []
    for group in crowded.iterator(chunk_size=500):
        people = list(Candidate.objects.annotate(key=company).filter(key=group["key"]).order_by("pk")
                      .values_list("pk", "full_name"))
        for i, (pk, name) in enumerate(people):
            for other_pk, other in people[i + 1:]:
                score = fuzz.token_sort_ratio(name.lower(), other.lower())
                if score >= LIKELY_SCORE:
                    found.append(("likely", pk, other_pk, f"Similar names ({score:.0f} %) at {group['key']}"))
                    if len(found) >= limit:
                        return found
    return found
