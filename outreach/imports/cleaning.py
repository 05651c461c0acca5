"""One spreadsheet row -> the candidate fields it holds, or the reason it cannot be imported.

Light and fast on purpose (100,000 rows must pass in seconds): Django's own email and URL
validators and the model's lengths and choices, without building a form per row.
"""
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from candidates.choices import GotAwayReason, Source, Stage, Tier
from candidates.models import Candidate, split_skills

_email = EmailValidator()
_url = URLValidator(schemes=["http", "https"])
URL_FIELDS = ("linkedin_url", "github_url", "portfolio_url")
CHOICE_FIELDS = {"tier": Tier, "stage": Stage, "source": Source, "got_away_reason": GotAwayReason}
_SPACES = re.compile(r"\s+")
_LINKEDIN = re.compile(r"^(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(in|pub)/([^/?#]+)", re.I)


def _max_length(name: str) -> int:
    return Candidate._meta.get_field(name).max_length


MAX_LENGTHS = {name: _max_length(name) for name in (
    "full_name", "email", "phone", "location", "headline", "current_company", "current_title",
    *URL_FIELDS, "got_away_detail",
)}
# A skills cell past this many tags is a paragraph in the wrong column.
MAX_SKILLS = 50


def _choice_lookup(choices) -> dict[str, object]:
    lookup = {}
    for value, label in choices.choices:
        lookup[str(value).lower()] = value
        lookup[str(label).lower()] = value
        lookup[str(value).replace("_", " ").lower()] = value
    return lookup


CHOICE_LOOKUPS = {name: _choice_lookup(choices) for name, choices in CHOICE_FIELDS.items()}


def normalise_email(email: str) -> str:
    return email.strip().lower()


def normalise_linkedin(url: str) -> str:
    """'https://www.LinkedIn.com/in/Ada-L/?trk=x' -> 'linkedin.com/in/ada-l'; '' when not a profile."""
    match = _LINKEDIN.match(url.strip())
    return f"linkedin.com/{match[1].lower()}/{match[2].lower()}" if match else ""


def normalise_company(company: str) -> str:
    return _SPACES.sub(" ", company.strip().lower())


@dataclass
class CleanRow:
    number: int  # as the spreadsheet numbers it: the header is row 1
    fields: dict = field(default_factory=dict)
    error: str = ""

    @property
    def email_key(self) -> str:
        return normalise_email(self.fields.get("email", ""))

    @property
    def linkedin_key(self) -> str:
        return normalise_linkedin(self.fields.get("linkedin_url", ""))

    @property
    def company_key(self) -> str:
        return normalise_company(self.fields.get("current_company", ""))


def _with_scheme(url: str) -> str:
    return url if "://" in url else f"https://{url}"


def clean_row(number: int, cells: list[str], columns: list[tuple[int, str]]) -> CleanRow:
    """`columns` pairs a cell's index with the field it fills (ignored columns left out)."""
    raw = {name: _SPACES.sub(" ", cells[index]).strip() if name != "got_away_detail" else cells[index].strip()
           for index, name in columns}
    row = CleanRow(number)
    name = raw.pop("full_name", "") or " ".join(p for p in (raw.pop("first_name", ""), raw.pop("last_name", "")) if p)
    raw.pop("first_name", None), raw.pop("last_name", None)
    if not name:
        row.error = "the name is missing"
        return row
    row.fields["full_name"] = name
    email = raw.pop("email", "")
    if not email:
        row.error = "the email is missing"
        return row
    try:
        if len(email) > MAX_LENGTHS["email"]:
            raise ValidationError("too long")
        _email(email)
    except ValidationError:
        row.error = f"email '{email[:80]}' is not valid"
        return row
    row.fields["email"] = email
    for name, value in raw.items():
        if not value:
            continue
        if name in CHOICE_LOOKUPS:
            choice = CHOICE_LOOKUPS[name].get(value.lower())
            if choice is None:
                allowed = ", ".join(str(label) for label in CHOICE_FIELDS[name].labels)
                row.error = f"{name.replace('_', ' ')} '{value[:40]}' is not one of {allowed}"
                return row
            value = choice
        elif name in URL_FIELDS:
            value = _with_scheme(value)
            try:
                _url(value)
            except ValidationError:
                row.error = f"{name.split('_')[0]} link '{value[:80]}' is not a web address"
                return row
        elif name == "skills":
            # "Python, django , SQL" becomes tags, as the candidate form makes them.
            value = split_skills(value)
            if len(value) > MAX_SKILLS:
                row.error = f"skills has more than {MAX_SKILLS} tags"
                return row
        if name in MAX_LENGTHS and len(value) > MAX_LENGTHS[name]:
            row.error = f"{name.replace('_', ' ')} is longer than {MAX_LENGTHS[name]} characters"
            return row
        row.fields[name] = value
    if len(row.fields["full_name"]) > MAX_LENGTHS["full_name"]:
        row.error = f"the name is longer than {MAX_LENGTHS['full_name']} characters"
    return row
