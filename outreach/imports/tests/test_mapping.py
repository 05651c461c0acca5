import pytest

from outreach.imports.mapping import guess_mapping, mapping_problems


@pytest.mark.parametrize(("header", "field"), [
    ("First Name", "first_name"), ("first_name", "first_name"), ("Given name", "first_name"),
    ("Last Name", "last_name"), ("Surname", "last_name"), ("Full name", "full_name"), ("Name", "full_name"),
    ("E-mail", "email"), ("E-Mail Address", "email"), ("email_address", "email"), ("Email", "email"),
    ("Emial", "email"), ("Work email", "email"),
    ("Company", "current_company"), ("Current Company", "current_company"), ("Employer", "current_company"),
    ("Organisation", "current_company"),
    ("Position", "current_title"), ("Job Title", "current_title"), ("Title", "current_title"),
    ("LinkedIn", "linkedin_url"), ("LinkedIn Profile URL", "linkedin_url"), ("linkedin_url", "linkedin_url"),
    ("Tags", "skills"), ("Skills", "skills"), ("Phone number", "phone"), ("Mobile", "phone"),
    ("City", "location"), ("Notes", "got_away_detail"), ("Website", "portfolio_url"), ("GitHub", "github_url"),
])
def test_real_world_header_spellings_are_guessed(header, field):
    assert guess_mapping([header]) == {header: field}


@pytest.mark.parametrize("header", ["Salary expectation", "Column 7", "", "Date of birth"])
def test_headers_we_do_not_know_are_left_unmapped(header):
    assert guess_mapping([header]) == {header: ""}


def test_each_field_is_given_to_the_first_column_that_claims_it():
    assert guess_mapping(["Email", "Work email"]) == {"Email": "email", "Work email": ""}


def test_a_saved_mapping_wins_over_the_guess():
    saved = {"Mail": "", "Org": "current_company"}
    assert guess_mapping(["Name", "Mail", "org"], saved) == {"Name": "full_name", "Mail": "", "org": "current_company"}


def test_a_mapping_without_email_or_name_is_refused_with_reasons():
    assert mapping_problems({"A": "phone"}) == [
        "Choose the column that holds the email address: every candidate needs one.",
        "Choose the column with the name (or the first and last name columns).",
    ]
    assert mapping_problems({"F": "first_name", "L": "last_name", "E": "email"}) == []
