"""Newsletter forms: writing an issue, scheduling it, a series. They validate, and only validate."""
import datetime as dt
import re

from django import forms
from django.utils import timezone

from candidates.forms import CONTROL_CHARACTERS
from outreach.mail.merge import merge_field_errors
from outreach.segments.fields import SegmentChoiceField

from .models import Newsletter, Series

# A body keeps its line breaks and tabs; nothing else below a space.
BODY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# "Schedule for" further ahead than this is a typo (2062 for 2026).
SCHEDULE_HORIZON = dt.timedelta(days=366)


def _no_control_characters(form, names):
    for name in names:
        if CONTROL_CHARACTERS.search(form.cleaned_data.get(name) or ""):
            form.add_error(name, "Remove the control characters (such as a NUL) from this text.")


class NewsletterForm(forms.ModelForm):
    class Meta:
        model = Newsletter
        fields = ["subject", "preheader", "topic", "segment", "from_team", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14, "class": "font-monospace"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"] = SegmentChoiceField(user=user, label="Send to segment")

    def clean(self):
        cleaned = super().clean()
        _no_control_characters(self, ["subject", "preheader"])
        if BODY_CONTROL.search(cleaned.get("body") or ""):
            self.add_error("body", "Remove the control characters (such as a NUL) from the text.")
        for name in ("subject", "body"):
            for problem in merge_field_errors(cleaned.get(name) or ""):
                self.add_error(name, problem)
        if "\n" in (cleaned.get("subject") or "") or "\r" in (cleaned.get("subject") or ""):
            self.add_error("subject", "Keep the subject on one line.")
        return cleaned


class ScheduleForm(forms.Form):
    """Send now, or at a date and time in the sender's own timezone (the middleware's current one)."""

    when = forms.DateTimeField(label="Send at", required=False,
                               widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                               input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    now = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        when, now = cleaned.get("when"), timezone.now()
        if cleaned.get("now"):
            cleaned["when"] = None
            return cleaned
        if when is None:
            if "when" not in self.errors:
                self.add_error("when", "Choose when to send it, or press “Send now”.")
        elif when < now - dt.timedelta(minutes=1):
            self.add_error("when", "That time has passed: choose a later one, or press “Send now”.")
        elif when > now + SCHEDULE_HORIZON:
            self.add_error("when", "Choose a time within the next year.")
        return cleaned


class PreviewForm(forms.Form):
    candidate = forms.IntegerField(required=False, min_value=1)
    part = forms.ChoiceField(choices=[("html", "HTML"), ("text", "Text")], required=False)


class SeriesForm(forms.ModelForm):
    class Meta:
        model = Series
        fields = ["name", "segment", "topic", "frequency", "weekday", "hour", "starts_on", "draft_days_ahead",
                  "from_team"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"] = SegmentChoiceField(user=user, label="Send to segment")
        self.fields["hour"].help_text = "Hour of the day (0–23) in your timezone."

    def clean_starts_on(self):
        day = self.cleaned_data["starts_on"]
        today = timezone.localdate()
        if day < today - dt.timedelta(days=1) or day > today + dt.timedelta(days=366):
            raise forms.ValidationError("Choose a first issue date between today and a year from now.")
        return day

    def clean(self):
        cleaned = super().clean()
        _no_control_characters(self, ["name"])
        return cleaned
