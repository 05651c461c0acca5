"""Form widgets and Bootstrap field wrappers rendered in Python, with the same HTML as their templates.

A page's form fields were most of its rendering time: every widget is a template, every
<option> and every attribute list an {% include %}, and the Django template engine pays a few
microseconds for each variable it looks up. The timezone select alone has ~580 options. So the
few widgets every page uses (inputs, textareas, selects) are written here as the string their
Django template produces, byte for byte; any other widget template still goes through the
template engine. An app overriding django/forms/widgets/{input,select,textarea...}.html would
be ignored for these: none does. tests/test_form_rendering.py renders each widget both ways
and compares.
"""
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe

WIDGETS = "django/forms/widgets/"
# Templates that are exactly `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    WIDGETS + f"{name}.html"
    for name in ("input", "text", "email", "url", "number", "password", "hidden", "search", "tel",
                 "date", "datetime", "time", "color", "checkbox")
)
SELECT_OPTION = WIDGETS + "select_option.html"
# What {{ value }} does with autoescape on and localisation as configured (USE_L10N, USE_TZ).
_OUTPUT_CONTEXT = Context(autoescape=True)


def _output(value) -> str:
    if type(value) is str or isinstance(value, SafeString):
        return conditional_escape(value)
    return render_value_in_context(value, _OUTPUT_CONTEXT)


def _formatted(value) -> str:
    """{{ value|stringformat:'s' }}: str(value), escaped unless the value was already safe."""
    if hasattr(value, "__html__"):
        return str(value)
    return escape(str(value))


def flat_attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {_output(name)}")
        else:
            out.append(f' {_output(name)}="{_formatted(value)}"')
    return "".join(out)


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    kind = _output(widget.get("type", ""))
    return f'<input type="{kind}" name="{_output(widget["name"])}"{shown}{flat_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = widget["value"]
    return (f'<textarea name="{_output(widget["name"])}"{flat_attrs(widget["attrs"])}>\n'
            f'{_output(value) if value else ""}</textarea>')


def _select(widget: dict) -> str | None:
    out = [f'<select name="{_output(widget["name"])}"{flat_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_output(group_name)}">')
        for option in group_choices:
            if option["template_name"] != SELECT_OPTION:
                return None
            # select_option.html ends in a newline, kept inside the <select>.
            out.append(f'\n  <option value="{_formatted(option["value"])}"{flat_attrs(option["attrs"])}>'
                       f'{_output(option["label"])}</option>\n')
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _built(html: str) -> SafeString:
    # Every value in the string went through _output or _formatted (escaped unless already safe).
    return mark_safe(html)  # noqa: S308


class FormRenderer(DjangoTemplates):
    """Django's template form renderer, with its common widgets rendered in Python."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            if template_name in INPUT_TEMPLATES:
                return _built(_input(widget))
            if template_name == WIDGETS + "textarea.html":
                return _built(_textarea(widget))
            if template_name == WIDGETS + "select.html":
                html = _select(widget)
                if html is not None:
                    return _built(html)
        return super().render(template_name, context, request=request)


# --- crispy-forms' bootstrap5/field.html, for fields rendered one by one (|as_crispy_field) ---

def _is_plain(field) -> bool:
    """A field bootstrap5/field.html renders with no layout of its own (no fieldset, no file, no helper)."""
    widget = field.field.widget
    return not (
        getattr(field.form, "helper", None) is not None
        or hasattr(widget, "widgets") or hasattr(widget, "widget")
        or isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.FileInput))
        or field.use_fieldset
    )


def _add_classes(widget, classes: str) -> None:
    """What crispy's {% crispy_field field 'class' '...' %} does to the widget before rendering it."""
    class_name = widget.__class__.__name__.lower()
    class_name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(class_name, class_name)
    css_class = widget.attrs.get("class", "")
    if css_class:
        if css_class.find(class_name) == -1:
            css_class += f" {class_name}"
    else:
        css_class = class_name
    widget.attrs["class"] = css_class
    present = css_class.split()
    for name in classes.split():
        if name not in present:
            widget.attrs["class"] += " " + name
            present.append(name)


def _help_and_errors(field) -> str:
    """bootstrap5/layout/help_text_and_errors.html: the errors block, then the help text."""
    out = []
    if field.errors:
        out.append(f'<div id="{_output(field.errors.field_id)}_error" class="invalid-feedback">')
        for number, error in enumerate(field.errors, start=1):
            out.append(f'<p id="error_{number}_{_output(field.auto_id)}"><strong>{_output(error)}</strong></p>')
        out.append("</div>")
    if field.help_text:
        helptext_id = f'id="{_output(field.auto_id)}_helptext" ' if field.auto_id else ""
        # Help text is markup, as crispy treats it (|safe): the forms write it, never a visitor.
        out.append(f'<div {helptext_id}class="form-text">{field.help_text}</div>')
    return "".join(out)


ASTERISK = '<span class="asteriskField">*</span>'


def _label(field, css: str, *, always_for: bool = False) -> str:
    required = field.field.required
    target = f' for="{_output(field.id_for_label)}"' if field.id_for_label or always_for else ""
    return (f'<label{target} class="{css}{" requiredField" if required else ""}">{_output(field.label)}'
            f'{ASTERISK if required else ""}</label>')


def bootstrap_field(field) -> SafeString | None:
    """The field as bootstrap5/field.html lays it out (spaces between tags aside), or None for a
    field that template would lay out otherwise (the caller then asks crispy)."""
    if field.is_hidden:
        return str(field)
    if not _is_plain(field):
        return None
    widget = field.field.widget
    extra = f" {field.css_classes()}" if field.css_classes() else ""
    invalid = " is-invalid" if field.errors else ""
    auto_id = _output(field.auto_id)
    if isinstance(widget, forms.CheckboxInput):
        _add_classes(widget, "form-check-input" + invalid)
        return _built(f'<div class="mb-3"><div id="div_{auto_id}" class="form-check{extra}">{field}'
                      f'{_label(field, "form-check-label", always_for=True)}{_help_and_errors(field)}</div></div>')
    _add_classes(widget, ("form-select" if isinstance(widget, forms.Select) else "form-control") + invalid)
    label = _label(field, "form-label") if field.label else ""
    return _built(f'<div id="div_{auto_id}" class="mb-3{extra}">{label}{field}{_help_and_errors(field)}</div>')


# --- a select over a long, fixed list (the ~580 timezones) ---

_fixed_options: dict[str, str] = {}


class FixedOptionsSelect(forms.Select):
    """A select whose choices never change while the process runs and are not translated.

    Its <option> lines are built once per process (under `options_key`); each render marks
    the chosen option and prints the <select> around them, with the HTML Select would give.
    """

    def __init__(self, attrs=None, choices=(), *, options_key: str):
        super().__init__(attrs, choices)
        self.options_key = options_key

    def _options(self) -> str:
        html = _fixed_options.get(self.options_key)
        if html is None:
            select = _select({"name": "", "attrs": {}, "optgroups": self.optgroups("", [])})
            html = select.removeprefix('<select name="">').removesuffix("\n</select>")
            _fixed_options[self.options_key] = html
        return html

    def get_context(self, name, value, attrs):
        # Widget's context, without ChoiceWidget's optgroups (one dict per option).
        return forms.Widget.get_context(self, name, value, attrs)

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = self._options()
        for chosen in widget["value"][:1]:
            marker = f'<option value="{_formatted(chosen)}">'
            options = options.replace(marker, f'<option value="{_formatted(chosen)}" selected>', 1)
        return _built(f'<select name="{_output(name)}"{flat_attrs(widget["attrs"])}>{options}\n</select>')
