"""One spreadsheet row cleaned into candidate fields."""
from outreach.imports.cleaning import MAX_SKILLS, clean_row

COLUMNS = [(0, "full_name"), (1, "email"), (2, "skills")]


def test_a_skills_cell_becomes_tags_as_the_form_makes_them():
    row = clean_row(2, ["Ada Lovelace", "ada@example.com", " Python ,, django , PYTHON, Machine  learning"], COLUMNS)
    assert row.error == ""
    assert row.fields["skills"] == ["Python", "django", "Machine learning"]


def test_an_empty_skills_cell_leaves_the_tags_alone():
    row = clean_row(2, ["Ada Lovelace", "ada@example.com", ""], COLUMNS)
    assert "skills" not in row.fields


def test_a_paragraph_in_the_skills_column_is_refused_with_a_reason():
    cell = ", ".join(f"skill {n}" for n in range(MAX_SKILLS + 1))
    row = clean_row(7, ["Ada Lovelace", "ada@example.com", cell], COLUMNS)
    assert row.error == f"skills has more than {MAX_SKILLS} tags"
