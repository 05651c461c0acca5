"""The event form (times typed in the event's own timezone), inviting, check-in and walk-ins."""
import datetime as dt
import zoneinfo

from django import forms
from django.utils import timezone
from timezone_field import TimeZoneFormField

from candidates.forms import CONTROL_CHARACTERS, person_name, team_members
from outreach.segments.fields import SegmentChoiceField

from .choices import CHOOSABLE, Attendance
from .models import Event

# An event is planned at most this far ahead; further is a typo in the year.
MAX_AHEAD = dt.timedelta(days=730)
MAX_CAPACITY = 10_000
MAX_INVITEES = 200  # picked one by one; a bigger audience is a segment
LOCAL_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class WallClockField(forms.DateTimeField):
    """A date and time as typed, without a timezone: the form reads it in the event's timezone."""

    widget = LOCAL_INPUT

    def to_python(self, value):
        result = super().to_python(value)
        if result is None:
            return None
        if CONTROL_CHARACTERS.search(str(value)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return timezone.make_naive(result) if timezone.is_aware(result) else result

    def prepare_value(self, value):
        return value.strftime("%Y-%m-%dT%H:%M") if isinstance(value, dt.datetime) else value


class HostsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_name(obj)


def _clean_note(note: str) -> str:
    if CONTROL_CHARACTERS.search(note.replace("\r", "").replace("\n", "")):
        raise forms.ValidationError("Remove the control characters (such as a NUL) from the note.", code="invalid")
    return note


def _aware(naive: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return naive.replace(tzinfo=zone)


class EventForm(forms.ModelForm):
    event_timezone = TimeZoneFormField(label="Timezone", use_pytz=False, initial="Europe/London",
                                       help_text="The times below are in this timezone, where the event is.")
    starts = WallClockField(label="Starts")
    ends = WallClockField(label="Ends")
    deadline = WallClockField(label="RSVP deadline", required=False,
                              help_text="Answers can be changed until then; empty: until it starts.")
    online_url = forms.URLField(label="Online link", max_length=500, required=False, assume_scheme="https",
                                help_text="Shown only to those going.")
    hosts = HostsField(queryset=team_members(), widget=forms.CheckboxSelectMultiple, required=False,
                       help_text="Recruiters at the door; you, when nobody is ticked.")

    class Meta:
        model = Event
        fields = ["kind", "title", "description", "address", "online_url", "capacity", "plus_one_allowed"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"capacity": "Places, +1s included. Past it, “Going” joins a waitlist. Empty: no limit.",
                      "address": "Where to go, as invitees read it."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event = self.instance
        if event.pk:
            self.fields["event_timezone"].initial = event.timezone
            self.fields["starts"].initial = event.local_start.replace(tzinfo=None)
            self.fields["ends"].initial = event.local_end.replace(tzinfo=None)
            if event.rsvp_deadline:
                self.fields["deadline"].initial = event.rsvp_deadline.astimezone(event.zone).replace(tzinfo=None)
            self.fields["hosts"].initial = list(event.hosts.values_list("pk", flat=True))
        self.fields["capacity"].widget.attrs.update(min=1, max=MAX_CAPACITY)
        self.order_fields(["kind", "title", "description", "event_timezone", "starts", "ends", "address",
                           "online_url", "capacity", "deadline", "plus_one_allowed", "hosts"])

    def clean_online_url(self):
        url = self.cleaned_data["online_url"]
        if url and not url.startswith("https://"):
            raise forms.ValidationError("Use an https:// link.", code="insecure")
        return url

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity is not None and not 1 <= capacity <= MAX_CAPACITY:
            raise forms.ValidationError(f"Enter a number of places from 1 to {MAX_CAPACITY:,}.", code="range")
        return capacity

    def clean(self):
        cleaned = super().clean()
        for name in ("title", "address"):
            if CONTROL_CHARACTERS.search(cleaned.get(name) or ""):
                self.add_error(name, "Remove the control characters (such as a NUL) from this text.")
        zone = cleaned.get("event_timezone")
        starts, ends, deadline = cleaned.get("starts"), cleaned.get("ends"), cleaned.get("deadline")
        if not zone or not starts:
            return cleaned
        zone = zoneinfo.ZoneInfo(str(zone))
        now = timezone.now()
        starts_at = _aware(starts, zone)
        if starts_at > now + MAX_AHEAD:
            self.add_error("starts", "That is too far ahead: pick a time within the next two years.")
        elif starts_at < now and (not self.instance.pk or starts_at != self.instance.starts_at):
            self.add_error("starts", "That is in the past: pick a time from now on.")
        if ends:
            ends_at = _aware(ends, zone)
            if ends_at <= starts_at:
                self.add_error("ends", "The end must come after the start.")
            elif ends_at - starts_at > dt.timedelta(days=14):
                self.add_error("ends", "An event lasts at most two weeks: check the end date.")
            cleaned["ends_at"] = ends_at
        if deadline:
            deadline_at = _aware(deadline, zone)
            if deadline_at > starts_at:
                self.add_error("deadline", "The RSVP deadline must be before the event starts.")
            cleaned["rsvp_deadline"] = deadline_at
        else:
            cleaned["rsvp_deadline"] = None
        if not cleaned.get("address") and not cleaned.get("online_url"):
            self.add_error("address", "Say where it is: an address, an online link, or both.")
        cleaned["starts_at"], cleaned["timezone"] = starts_at, str(zone)
        return cleaned

    def event_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in self._meta.fields}
        fields.update(timezone=data["timezone"], starts_at=data["starts_at"], ends_at=data["ends_at"],
                      rsvp_deadline=data["rsvp_deadline"])
        return fields


def _note_field() -> forms.CharField:
    return forms.CharField(label="Personal note", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="Opens the invitation, e.g. why you thought of them. Markdown.")


class SegmentInviteForm(forms.Form):
    note = _note_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"] = SegmentChoiceField(user=user)
        self.order_fields(["segment", "note"])

    def clean_note(self):
        return _clean_note(self.cleaned_data["note"])


class PickInviteForm(forms.Form):
    candidates = forms.CharField(widget=forms.HiddenInput, error_messages={
        "required": "Pick at least one candidate: type a name and choose from the list."})
    note = _note_field()

    def clean_note(self):
        return _clean_note(self.cleaned_data["note"])

    def clean_candidates(self):
        raw = self.cleaned_data["candidates"]
        try:
            ids = sorted({int(part) for part in raw.split(",") if part.strip()})
        except ValueError:
            raise forms.ValidationError("Pick candidates from the list.", code="invalid") from None
        if not ids:
            raise forms.ValidationError("Pick at least one candidate.", code="required")
        if len(ids) > MAX_INVITEES:
            raise forms.ValidationError(f"Pick at most {MAX_INVITEES}; for more, invite a segment.", code="too_many")
        return ids


class InviteCandidateForm(forms.Form):
    """One candidate to one upcoming event (from an opening's silver medallists, for instance)."""

    event = forms.ModelChoiceField(queryset=Event.objects.none(), label="Event", empty_label=None,
                                   error_messages={"invalid_choice": "Choose one of the upcoming events."})
    note = _note_field()

    def __init__(self, *args, events, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = events
        self.fields["event"].label_from_instance = lambda event: f"{event.title} · {event.starts_at:%-d %b %Y}"

    def clean_note(self):
        return _clean_note(self.cleaned_data["note"])


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(choices=[(a.value, a.label) for a in CHOOSABLE],
                               widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    plus_one = forms.BooleanField(label="I'm bringing a +1", required=False,
                                  widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(choices=[(Attendance.ATTENDED, "Attended"), (Attendance.NO_SHOW, "No-show")])


class WalkInForm(forms.Form):
    full_name = forms.CharField(label="Name", max_length=200)
    email = forms.EmailField(max_length=254)

    def clean_full_name(self):
        name = self.cleaned_data["full_name"].strip()
        if CONTROL_CHARACTERS.search(name):
            raise forms.ValidationError("Remove the control characters from the name.", code="invalid")
        return name
