"""{{ form.field|as_bootstrap_field }}: the field as crispy's |as_crispy_field lays it out, built in Python.

Pages with many fields, or shown on every visit (the candidate list's filters, the candidate
form), spent most of their rendering time in crispy's per-field templates. The markup is the
same (nurture/form_rendering.py); a field crispy would lay out differently (radio buttons,
checkbox lists, files, a form with a layout helper) is handed to crispy itself.
"""
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import template

from nurture.form_rendering import bootstrap_field

register = template.Library()


@register.filter
def as_bootstrap_field(field):
    html = bootstrap_field(field)
    return as_crispy_field(field) if html is None else html
