"""Merge fields and the two parts: what a recruiter types becomes safe text and HTML, never code."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outreach.mail.choices import MailKind
from outreach.mail.compose import markdown_to_safe_html, render_email
from outreach.mail.forms import EmailDraftForm
from outreach.mail.merge import MERGE_FIELDS, fill, merge_field_errors
from outreach.mail.suppression import preferences_for


def test_known_fields_pass_and_unknown_ones_are_named():
    assert merge_field_errors("Hi {{ first_name }}, {{company}} and {{  recruiter_name  }}") == []
    (problem,) = merge_field_errors("Hi {{ frist_name }} {{ candidate.email }}")
    assert problem.startswith("Unknown merge fields: {{ candidate.email }}, {{ frist_name }}.")
    assert "{{ first_name }}" in problem


@pytest.mark.parametrize("text", ["Hi {{ first_name }", "Hi {% if x %}", "{{{{ first_name }}}}", "a }} b", "{# c #}"])
def test_stray_template_syntax_is_an_error(text):
    assert merge_field_errors(text)


def test_each_field_is_filled_once_so_a_value_is_never_expanded():
    values = {"first_name": "{{ recruiter_name }}", "recruiter_name": "Rita"}
    assert fill("{{ first_name }} / {{ recruiter_name }}", values) == "{{ recruiter_name }} / Rita"


@pytest.mark.parametrize("markdown, allowed, forbidden", [
    ("<script>alert(1)</script>", "&lt;script&gt;", "<script"),
    ("[x](javascript:alert(1))", "x", 'href="javascript'),
    ("![img](http://tracker.example/p.gif)", "", "<img"),
    ('<a href="x" onclick="y">z</a>', "&lt;a", "<a "),
    ("**bold** and [link](https://example.com)", '<a href="https://example.com" rel="noopener noreferrer">', ""),
])
def test_the_html_part_is_sanitised(markdown, allowed, forbidden):
    html = markdown_to_safe_html(markdown)
    assert allowed in html
    if forbidden:
        assert forbidden not in html


@pytest.mark.django_db
def test_the_feedback_link_becomes_a_working_link(candidate, recruiter):
    preferences = preferences_for(candidate)
    rendered = render_email(candidate=candidate, sender=recruiter, kind=MailKind.FEEDBACK, topic="",
                            subject="S", body="[Tell us]({{ preferences_url }})", preferences=preferences,
                            include_privacy_notice=False)
    assert '<a href="http' in rendered.body_html and "/email-preferences/" in rendered.body_html
    assert "Why you are hearing" not in rendered.text


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.django_db
@FUZZ
@given(subject=st.text(max_size=300), body=st.one_of(st.text(max_size=400), st.sampled_from(
    ["{{ first_name }}" * 50, "<script>x</script>", "{{", "}}", "\r\n" * 20, "\x00", "💥" * 500])))
def test_any_text_is_either_a_clean_form_error_or_a_renderable_email(candidate, recruiter, subject, body):
    form = EmailDraftForm({"subject": subject, "body": body}, candidate=candidate)
    if not form.is_valid():
        assert form.errors
        return
    rendered = render_email(candidate=candidate, sender=recruiter, kind=MailKind.PERSONAL, topic="",
                            preferences=preferences_for(candidate), include_privacy_notice=True,
                            **form.cleaned_data)
    assert "\n" not in rendered.subject and "\r" not in rendered.subject
    assert "<script" not in rendered.html


def test_every_merge_field_is_documented_for_the_recruiter():
    assert all(isinstance(meaning, str) and meaning for meaning in MERGE_FIELDS.values())
