"""Who a row already is: the same email, the same LinkedIn profile, or likely the same person
(a similar name at the same company, scored with rapidfuzz). Emails are looked up a chunk of
rows at a time by their unique index; the pool's candidates sharing the file's LinkedIn
profiles or companies are read once per file (planning.py primes them), so a 100,000-row file
costs about a hundred queries, not 300,000.
"""
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, Func, Value
from django.db.models.functions import Lower, Trim
from rapidfuzz import fuzz, process

from candidates.models import Candidate

from .cleaning import CleanRow, normalise_company, normalise_linkedin

# token_sort_ratio: "Lovelace, Ada" and "Ada Lovelace" score 100; "Ada Lovelace" and "Ada Byron" ~60.
LIKELY_SCORE = 88
LINKEDIN_PATTERN = r"^(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(in|pub)/([^/?#]+).*$"


@dataclass(frozen=True)
class Match:
    kind: str  # email | linkedin | likely | file
    candidate_id: int | None
    describe: str  # "Ada Lovelace (#12)" or "row 5"


def _name(candidate_id: int, full_name: str) -> str:
    return f"{full_name} (#{candidate_id})"


class DuplicateFinder:
    """Remembers the file's earlier rows, so a person listed twice is caught on the second row."""

    def __init__(self):
        self.emails: dict[str, int] = {}
        self.linkedins: dict[str, int] = {}
        # Candidates this import made (filtered out in Python: a SQL NOT IN of 100,000 ids is slow).
        self.created_ids: set[int] = set()
        # The pool's candidates sharing a LinkedIn profile or a company with any row, looked up
        # once per file before its first row is written: neither key has an index, so a lookup
        # per chunk would scan the table per chunk (and find this import's own new candidates).
        self.known_linkedins: dict[str, tuple[int, str]] | None = None
        self.known_companies: dict[str, tuple[list[int], list[str], list[str]]] | None = None

    def prime_linkedins(self, keys: set[str]) -> None:
        self.known_linkedins = self._by_linkedin(keys)

    def prime_companies(self, keys: set[str]) -> None:
        self.known_companies = self._by_company(keys)

    def find(self, rows: list[CleanRow]) -> dict[int, Match]:
        rows = [row for row in rows if not row.error]
        found: dict[int, Match] = {}
        for row in rows:
            earlier = self.emails.get(row.email_key) or self.linkedins.get(row.linkedin_key or None)
            if earlier:
                found[row.number] = Match("file", None, f"row {earlier}")
            self.emails.setdefault(row.email_key, row.number)
            if row.linkedin_key:
                self.linkedins.setdefault(row.linkedin_key, row.number)
        rest = [row for row in rows if row.number not in found]
        by_email = self._by_email({row.email_key for row in rest})
        for row in rest:
            if row.email_key in by_email:
                found[row.number] = Match("email", *by_email[row.email_key])
        rest = [row for row in rest if row.number not in found]
        wanted = {row.linkedin_key for row in rest if row.linkedin_key}
        by_linkedin = (self._by_linkedin(wanted) if self.known_linkedins is None
                       else {key: self.known_linkedins[key] for key in wanted if key in self.known_linkedins})
        for row in rest:
            if row.linkedin_key in by_linkedin:
                found[row.number] = Match("linkedin", *by_linkedin[row.linkedin_key])
        rest = [row for row in rest if row.number not in found and row.company_key]
        found.update(self._likely(rest))
        return found

    def _by_email(self, emails: set[str]) -> dict[str, tuple[int, str]]:
        if not emails:
            return {}
        existing = Candidate.objects.annotate(key=Lower("email")).filter(key__in=emails)
        return {key: (pk, _name(pk, name)) for key, pk, name in existing.values_list("key", "pk", "full_name")
                if pk not in self.created_ids}

    def _by_linkedin(self, keys: set[str]) -> dict[str, tuple[int, str]]:
        if not keys:
            return {}
        candidates = Candidate.objects.exclude(linkedin_url="")
        if connection.vendor == "postgresql":
            # The same normalising as normalise_linkedin, in SQL, so only matches come back.
            key = Lower(Func(F("linkedin_url"), Value(LINKEDIN_PATTERN), Value(r"linkedin.com/\1/\2"), Value("i"),
                             function="regexp_replace"))
            candidates = candidates.annotate(key=key).filter(key__in=keys)
        found = {}
        for pk, url, name in candidates.values_list("pk", "linkedin_url", "full_name").iterator(chunk_size=2000):
            normal = normalise_linkedin(url)
            if normal in keys:
                found.setdefault(normal, (pk, _name(pk, name)))
        return found

    def _by_company(self, companies: set[str]) -> dict[str, tuple[list[int], list[str], list[str]]]:
        """Company -> its candidates' ids, lower-case names and names, highest id first."""
        if not companies:
            return {}
        existing = (Candidate.objects.annotate(key=Lower(Trim("current_company"))).filter(key__in=companies)
                    .order_by("-pk").values_list("key", "pk", "full_name"))
        by_company: dict[str, tuple[list[int], list[str], list[str]]] = {}
        for key, pk, name in existing.iterator(chunk_size=2000):
            if pk in self.created_ids:
                continue  # the file repeating itself is caught by email or not at all
            ids, lowered, names = by_company.setdefault(normalise_company(key), ([], [], []))
            ids.append(pk)
            lowered.append(name.lower())
            names.append(name)
        return by_company

    def _likely(self, rows: list[CleanRow]) -> dict[int, Match]:
        by_company = (self._by_company({row.company_key for row in rows}) if self.known_companies is None
                      else self.known_companies)
        found = {}
        for row in rows:
            ids, lowered, names = by_company.get(row.company_key, ((), (), ()))
            if not ids:
                continue
            # The best score wins, the newest candidate among equals (ids are highest first).
            best = process.extractOne(row.fields["full_name"].lower(), lowered, scorer=fuzz.token_sort_ratio,
                                      processor=None, score_cutoff=LIKELY_SCORE)
            if best:
                found[row.number] = Match("likely", ids[best[2]], _name(ids[best[2]], names[best[2]]))
        return found
