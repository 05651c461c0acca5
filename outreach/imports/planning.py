"""What each row of a file will do: create, update, skip (a duplicate) or error, and why.

The dry run, the preview's CSV and the import itself all read the file through plan_chunks,
so what the preview promised is what the import does (against the database as it is then).
"""
from collections.abc import Iterator
from dataclasses import dataclass

from outreach.mail.suppression import addresses_erased

from .cleaning import clean_row, normalise_company, normalise_linkedin
from .matching import DuplicateFinder, Match
from .models import DuplicatePolicy, ImportRun, RowAction
from .reading import read_table

CHUNK_ROWS = 2000
DUPLICATE_WORDS = {
    "email": "same email as {}",
    "linkedin": "same LinkedIn profile as {}",
    "likely": "likely the same person as {} (similar name, same company)",
    "file": "same person as {} of this file",
}
ERASED = "skipped: erased at the candidate's request"


@dataclass
class RowPlan:
    number: int
    action: str
    reason: str = ""
    fields: dict | None = None
    candidate_id: int | None = None
    duplicate: str = ""  # which kind of duplicate decided the action, if any


def _policy(run: ImportRun, match: Match) -> str:
    if match.kind == "file":
        return DuplicatePolicy.SKIP
    policy = {"email": run.email_policy, "linkedin": run.linkedin_policy, "likely": run.likely_policy}[match.kind]
    if match.kind == "email" and policy == DuplicatePolicy.CREATE:
        return DuplicatePolicy.SKIP  # two candidates can never share an email
    return policy


def _plan(run: ImportRun, row, match: Match | None, erased: set[str]) -> RowPlan:
    if row.error:
        return RowPlan(row.number, RowAction.ERROR, f"row {row.number}: {row.error}")
    if row.email_key and row.email_key in erased:
        # The person asked to be erased: the address is on the list only as its hash, and
        # the row is never imported again, whatever the duplicate policies say.
        return RowPlan(row.number, RowAction.SKIP, ERASED)
    if match is None:
        return RowPlan(row.number, RowAction.CREATE, fields=row.fields)
    said = DUPLICATE_WORDS[match.kind].format(match.describe)
    policy = _policy(run, match)
    if policy == DuplicatePolicy.UPDATE:
        return RowPlan(row.number, RowAction.UPDATE, f"updates {match.describe}: {said}", row.fields,
                       match.candidate_id, match.kind)
    if policy == DuplicatePolicy.CREATE:
        return RowPlan(row.number, RowAction.CREATE, f"created anyway: {said}", row.fields, duplicate=match.kind)
    return RowPlan(row.number, RowAction.SKIP, f"skipped: {said}", duplicate=match.kind)


def mapped_columns(run: ImportRun) -> list[tuple[int, str]]:
    return [(index, run.mapping.get(header, "")) for index, header in enumerate(run.headers)
            if run.mapping.get(header)]


def plan_chunks(run: ImportRun, finder: DuplicateFinder | None = None) -> Iterator[list[RowPlan]]:
    """The file's rows in chunks of plans; `finder` carries what earlier chunks created."""
    finder = finder or DuplicateFinder()
    columns = mapped_columns(run)
    data = run.file_bytes
    linkedin = next((index for index, name in columns if name == "linkedin_url"), None)
    company = next((index for index, name in columns if name == "current_company"), None)
    if linkedin is not None or company is not None:
        # One pass over the file's LinkedIn and company columns first, so the pool is searched once.
        profiles, companies = set(), set()
        for cells in read_table(data, run.filename).rows:
            if linkedin is not None and (key := normalise_linkedin(cells[linkedin])):
                profiles.add(key)
            if company is not None and (key := normalise_company(cells[company])):
                companies.add(key)
        finder.prime_linkedins(profiles)
        finder.prime_companies(companies)
    table = read_table(data, run.filename)
    chunk, number = [], 1
    for cells in table.rows:
        number += 1
        chunk.append(clean_row(number, cells, columns))
        if len(chunk) == CHUNK_ROWS:
            yield _plans(run, chunk, finder)
            chunk = []
    if chunk:
        yield _plans(run, chunk, finder)


def _plans(run: ImportRun, rows, finder: DuplicateFinder) -> list[RowPlan]:
    matches = finder.find(rows)
    erased = addresses_erased(row.email_key for row in rows if not row.error and row.email_key)
    return [_plan(run, row, matches.get(row.number), erased) for row in rows]
