"""Widgets and Bootstrap fields built in Python (nurture/form_rendering.py) give the HTML the templates give."""
import datetime as dt
import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import Context, Template
from django.utils.safestring import mark_safe

from candidates.forms import CandidateFilterForm, CandidateForm, InterviewForm
from nurture.form_rendering import FixedOptionsSelect, FormRenderer
from outreach.digests.forms import DigestSettingsForm
from outreach.forms import SnoozeForm, TouchPointForm

pytestmark = pytest.mark.django_db

AWKWARD = 'Ada <b>"Lovelace"</b> & Co\'s'


class EveryWidget(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"placeholder": AWKWARD, "autofocus": True, "hidden": False}))
    search = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "search"}))
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    number = forms.DecimalField(required=False)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(required=False)
    secret = forms.CharField(required=False, widget=forms.PasswordInput)
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    tick = forms.BooleanField(required=False)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    tier = forms.TypedChoiceField(coerce=int, choices=[("", "Any"), (1, AWKWARD), (2, mark_safe("<i>safe</i>"))])
    grouped = forms.ChoiceField(required=False, choices=[("Europe", [("Europe/London", "London")]), ("UTC", "UTC")])
    many = forms.MultipleChoiceField(required=False, choices=[("a", "A"), ("b", "B")])
    maybe = forms.NullBooleanField(required=False)


VALUES = [
    {},
    {"text": AWKWARD, "email": "a@b", "url": "x y", "number": "1.5", "day": "2026-02-30", "moment": "2026-01-01 10:00",
     "secret": "s", "hidden": AWKWARD, "tick": "on", "notes": AWKWARD + "\nline two", "tier": "1",
     "grouped": "Europe/London", "many": ["a", "b"], "maybe": "true"},
]


@pytest.mark.parametrize("data", VALUES)
def test_every_widget_renders_as_its_django_template_does(data):
    for renderer_form in (EveryWidget(data or None, renderer=FormRenderer()), EveryWidget(
            initial={"day": dt.date(2026, 3, 1), "moment": dt.datetime(2026, 3, 1, 9, 30), "number": 3})):
        template_form = EveryWidget(renderer_form.data or None, initial=renderer_form.initial,
                                    renderer=DjangoTemplates())
        renderer_form.renderer = FormRenderer()
        for name in EveryWidget.base_fields:
            assert str(renderer_form[name]) == str(template_form[name]), name


def _spaces_between_tags_dropped(html: str) -> str:
    html = re.sub(r">\s+", ">", str(html))
    html = re.sub(r"\s+<", "<", html)
    return re.sub(r"\s+", " ", html).replace(' ">', '">').replace(" >", ">")


def _forms(recruiter):
    """Each form the pages render field by field, fresh, unbound and bound with errors."""
    yield lambda: CandidateFilterForm({})
    yield lambda: CandidateFilterForm({"q": AWKWARD, "tier": "9", "owner": str(recruiter.pk), "overdue": "on",
                                       "sort": "bogus", "company": "x"})
    yield lambda: CandidateForm(initial={"owner": recruiter.pk})
    yield lambda: CandidateForm({"full_name": "", "email": "not an email", "expected_pay": "lots", "tier": "9",
                                 "do_not_contact": "on", "got_away_on": "1900-01-01"})
    yield lambda: DigestSettingsForm({"timezone": "Nowhere", "digest_hour": "8", "digests_enabled": "on"})
    yield lambda: InterviewForm()
    yield lambda: TouchPointForm({"kind": "bogus"})
    yield lambda: SnoozeForm()


def test_bootstrap_fields_are_laid_out_as_crispy_lays_them_out(recruiter):
    ours = Template("{% load bootstrap_fields %}{{ field|as_bootstrap_field }}")
    for make in _forms(recruiter):
        form_a, form_b = make(), make()
        form_a.is_bound and form_a.is_valid()
        form_b.is_bound and form_b.is_valid()
        for name in form_a.fields:
            expected = _spaces_between_tags_dropped(as_crispy_field(form_a[name]))
            assert _spaces_between_tags_dropped(ours.render(Context({"field": form_b[name]}))) == expected, name


ZONES = [("Africa/Abidjan", "Africa/Abidjan"), ("America/Port_of_Spain", "America/Port of Spain"), ("UTC", "UTC"),
         ("Odd/<&\">", AWKWARD)]


class ZoneForm(forms.Form):
    fixed = forms.ChoiceField(choices=ZONES, widget=FixedOptionsSelect(options_key="test-zones"),
                              help_text="Yours.")
    plain = forms.ChoiceField(choices=ZONES, help_text="Yours.")


@pytest.mark.parametrize("chosen", [None, "UTC", "Odd/<&\">", "Nowhere/City"])
def test_a_fixed_options_select_renders_as_a_select_does(chosen):
    for make in (lambda: ZoneForm({"fixed": chosen, "plain": chosen} if chosen else None),
                 lambda: ZoneForm(initial={"fixed": chosen, "plain": chosen})):
        form = make()
        form.is_bound and form.is_valid()
        assert str(form["fixed"]).replace('"fixed"', '"plain"').replace("id_fixed", "id_plain") == str(form["plain"])
