"""Which column holds what: guessed from the header's wording, corrected by the recruiter."""
import re

from rapidfuzz import fuzz, process

# The candidate fields a column can fill, in the order the mapping form lists them.
FIELDS = {
    "full_name": "Full name",
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email",
    "phone": "Phone",
    "linkedin_url": "LinkedIn",
    "github_url": "GitHub",
    "portfolio_url": "Website / portfolio",
    "location": "Location",
    "headline": "Headline",
    "skills": "Skills / tags",
    "current_company": "Company",
    "current_title": "Job title",
    "tier": "Tier",
    "stage": "Stage",
    "source": "Source",
    "got_away_reason": "Why they got away",
    "got_away_detail": "Notes",
}

# Header spellings seen in real exports (LinkedIn, ATS exports, hand-made sheets), normalised:
# lower case, letters and digits only, so "E-mail", "E-Mail Address" and "email_address" agree.
SPELLINGS = {
    "full_name": ["name", "fullname", "candidate", "candidatename", "contactname", "contact", "displayname"],
    "first_name": ["firstname", "first", "givenname", "forename", "fname", "prenom", "vorname"],
    "last_name": ["lastname", "last", "surname", "familyname", "lname", "nom", "nachname"],
    "email": ["email", "emailaddress", "mail", "workemail", "personalemail", "primaryemail", "emails",
              "contactemail", "emailid"],
    "phone": ["phone", "phonenumber", "mobile", "mobilephone", "cell", "cellphone", "telephone", "tel",
              "mobilenumber", "contactnumber"],
    "linkedin_url": ["linkedin", "linkedinurl", "linkedinprofile", "linkedinprofileurl", "linkedinlink",
                     "profileurl", "linkedinpublicprofileurl"],
    "github_url": ["github", "githuburl", "githubprofile"],
    "portfolio_url": ["website", "portfolio", "personalwebsite", "url", "web", "homepage", "portfoliourl"],
    "location": ["location", "city", "country", "address", "region", "basedin", "citycountry"],
    "headline": ["headline", "profileheadline", "tagline"],
    "skills": ["skills", "tags", "keywords", "labels", "skill", "tag", "expertise"],
    "current_company": ["company", "currentcompany", "employer", "currentemployer", "organization",
                        "organisation", "companyname", "org", "firm"],
    "current_title": ["title", "position", "jobtitle", "role", "currenttitle", "currentposition",
                      "designation", "currentrole", "occupation"],
    "tier": ["tier", "priority", "rating"],
    "stage": ["stage", "status", "pipelinestage"],
    "source": ["source", "origin", "leadsource", "candidatesource"],
    "got_away_reason": ["gotawayreason", "reason", "lostreason", "whytheygotaway"],
    "got_away_detail": ["notes", "note", "comments", "comment", "gotawaydetail", "details"],
}
_LOOKUP = {spelling: field for field, spellings in SPELLINGS.items() for spelling in spellings}
_NOT_LETTERS = re.compile(r"[^a-z0-9]+")
# How close a header must be to a known spelling to be guessed at all ("Emial" yes, "Salary expectation" no).
FUZZY_CUTOFF = 80


def normalise_header(header: str) -> str:
    return _NOT_LETTERS.sub("", header.lower())


def guess_field(header: str) -> str:
    key = normalise_header(header)
    if not key:
        return ""
    if key in _LOOKUP:
        return _LOOKUP[key]
    match = process.extractOne(key, _LOOKUP.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return _LOOKUP[match[0]] if match else ""


def guess_mapping(headers: list[str], saved: dict | None = None) -> dict[str, str]:
    """Header -> field for every header; a saved mapping wins where it names the header.

    Each field is given to one column only, the first that claims it, so two "Email"
    columns do not both fill the email."""
    saved = {normalise_header(h): f for h, f in (saved or {}).items()}
    mapping, taken = {}, set()
    for header in headers:
        key = normalise_header(header)
        field = saved[key] if key in saved else guess_field(header)
        if field in taken or field not in FIELDS:
            field = ""
        mapping[header] = field
        if field:
            taken.add(field)
    return mapping


def mapping_problems(mapping: dict[str, str]) -> list[str]:
    fields = [f for f in mapping.values() if f]
    problems = []
    if "email" not in fields:
        problems.append("Choose the column that holds the email address: every candidate needs one.")
    if "full_name" not in fields and not ({"first_name", "last_name"} & set(fields)):
        problems.append("Choose the column with the name (or the first and last name columns).")
    doubled = sorted({FIELDS[f] for f in fields if fields.count(f) > 1})
    if doubled:
        problems.append(f"Each field can come from one column only: {', '.join(doubled)} is chosen twice.")
    return problems
