"""Forms for logging touch points, planning check-ins and sharing feedback. They only validate."""
import datetime as dt

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone

from candidates.dates import HAPPENED, PLANNED, DateLabels
from candidates.forms import DayField, MomentField
from candidates.models import FeedbackSharedVia

from .choices import MAX_CADENCE_DAYS, Cadence, Direction, TouchKind

# "Feedback shared" is recorded by sharing a scorecard, which keeps the scorecard and the
# timeline in step; it is never picked by hand, nor is it a way to reach someone.
MANUAL_TOUCH_KINDS = [(value, label) for value, label in TouchKind.choices if value != TouchKind.FEEDBACK_SHARED]
CUSTOM = "custom"
CADENCE_CHOICES = [(str(value), label) for value, label in Cadence.choices] + [(CUSTOM, "Custom")]
SNOOZE_PERIODS = {
    "1w": ("1 week", relativedelta(weeks=1)),
    "2w": ("2 weeks", relativedelta(weeks=2)),
    "1m": ("1 month", relativedelta(months=1)),
}
SNOOZE_CHOICES = [(key, label) for key, (label, _) in SNOOZE_PERIODS.items()]


class LocalDateTimeInput(forms.DateTimeInput):
    """A native date-time picker; the value is read in the recruiter's active timezone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class PastDateTimeField(MomentField):
    """When something happened: defaults to now, and falls in the HAPPENED window."""

    widget = LocalDateTimeInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "Your local time. Leave as is for now.")
        super().__init__(window=HAPPENED, **kwargs)

    def clean(self, value):
        moment = super().clean(value)
        now = timezone.now()
        if moment is None:
            return now
        if moment.replace(second=0, microsecond=0) == now.replace(second=0, microsecond=0):
            # The picker only has minutes: "this minute" means now, so the touch
            # sorts after whatever was recorded seconds before it.
            return now
        return moment


class TouchPointForm(forms.Form):
    kind = forms.ChoiceField(label="Channel", choices=MANUAL_TOUCH_KINDS)
    direction = forms.ChoiceField(choices=Direction.choices, initial=Direction.OUTBOUND)
    occurred_at = PastDateTimeField(label="When")
    summary = forms.CharField(
        max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you talked about; the first line shows on your check-in list.",
    )


class ScheduleForm(forms.Form):
    cadence = forms.ChoiceField(label="Check in", choices=CADENCE_CHOICES)
    # The range is checked in clean(), and only for "Custom": a stray number left in this box
    # must not block saving one of the presets.
    custom_days = forms.IntegerField(
        label="Custom cadence (days)",
        required=False,
        widget=forms.NumberInput(attrs={"min": 1, "max": MAX_CADENCE_DAYS}),
        help_text=f"Days between check-ins, 1 to {MAX_CADENCE_DAYS}. Used when “Custom” is chosen.",
    )
    preferred_channel = forms.ChoiceField(choices=MANUAL_TOUCH_KINDS)

    @classmethod
    def initial_for(cls, schedule) -> dict:
        preset = str(schedule.cadence_days) in dict(CADENCE_CHOICES)
        return {
            "cadence": str(schedule.cadence_days) if preset else CUSTOM,
            "custom_days": None if preset else schedule.cadence_days,
            "preferred_channel": schedule.preferred_channel,
        }

    def clean(self):
        data = super().clean()
        cadence = data.get("cadence")
        if cadence == CUSTOM:
            days = data.get("custom_days")
            if days is None:
                if "custom_days" not in self.errors:
                    self.add_error("custom_days", forms.ValidationError(
                        "Enter how many days between check-ins.", code="required"))
            elif days < 1:
                self.add_error("custom_days", forms.ValidationError(
                    "The cadence must be at least 1 day.", code="min_value"))
            elif days > MAX_CADENCE_DAYS:
                self.add_error("custom_days", forms.ValidationError(
                    f"The cadence can be at most {MAX_CADENCE_DAYS} days.", code="max_value"))
            else:
                data["cadence_days"] = days
        elif cadence:
            data["cadence_days"] = int(cadence)
        return data


class SnoozeForm(forms.Form):
    period = forms.ChoiceField(label="Snooze for", choices=[("", "Pick a period…"), *SNOOZE_CHOICES], required=False)
    until = DayField(label="Or until", required=False, help_text="The check-in comes back on this day.")

    def clean(self):
        data = super().clean()
        now = timezone.now()
        if data.get("until"):
            # The start of that day where the recruiter is, so it is waiting for them that morning:
            # today's has passed, so the first day to pick is tomorrow; the last, PLANNED's.
            today = timezone.localdate(now)
            if data["until"] <= today:
                labels, (_, last) = DateLabels(), PLANNED.days(today)
                self.add_error("until", forms.ValidationError(
                    f"Pick a date from tomorrow ({labels.long(today + dt.timedelta(days=1))}) "
                    f"to {labels.long(last)}.", code="too_early"))
            elif error := PLANNED.error(data["until"]):
                self.add_error("until", error)
            else:
                data["until_at"] = timezone.make_aware(dt.datetime.combine(data["until"], dt.time.min))
        elif data.get("period"):
            data["until_at"] = now + SNOOZE_PERIODS[data["period"]][1]
        elif not self.errors:
            raise forms.ValidationError("Choose how long to snooze for.", code="required")
        return data


class FeedbackShareForm(forms.Form):
    via = forms.ChoiceField(label="Shared via", choices=FeedbackSharedVia.choices, initial=FeedbackSharedVia.EMAIL)
    shared_at = PastDateTimeField(label="When")
