"""The recruiter's digest settings form. Validates only; the view calls digest_settings_update."""
import functools
import zoneinfo

from django import forms

from candidates.choices import Weekday
from nurture.form_rendering import FixedOptionsSelect

HOUR_CHOICES = [(hour, f"{hour:02d}:00") for hour in range(24)]


@functools.cache
def _timezone_choices() -> list[tuple[str, str]]:
    # available_timezones() walks the tz database on disk (~15 ms); it only changes on upgrade.
    names = sorted(name for name in zoneinfo.available_timezones() if "/" in name or name == "UTC")
    return [(name, name.replace("_", " ")) for name in names]


class DigestSettingsForm(forms.Form):
    timezone = forms.ChoiceField(
        label="Your timezone", choices=_timezone_choices, widget=FixedOptionsSelect(options_key="timezones"),
        help_text="Digests, due dates and times across the app follow it, daylight saving included.",
    )
    digest_hour = forms.TypedChoiceField(
        label="Digest arrives at", coerce=int, choices=HOUR_CHOICES, help_text="Your local time."
    )
    digest_weekdays = forms.TypedMultipleChoiceField(
        label="On these days", coerce=int, choices=Weekday.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    digests_enabled = forms.BooleanField(
        label="Email me a digest of overdue and due check-ins", required=False,
        help_text="Only sent on days something is due.",
    )

    def clean(self):
        cleaned = super().clean()
        no_days = not cleaned.get("digest_weekdays") and "digest_weekdays" not in self.errors
        if cleaned.get("digests_enabled") and no_days:
            self.add_error(
                "digest_weekdays",
                forms.ValidationError("Pick at least one day, or turn the digest off.", code="no_days"),
            )
        return cleaned
