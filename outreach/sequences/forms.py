"""Forms for sequences, steps and enrolling: they validate and only validate."""
from django import forms
from timezone_field import TimeZoneFormField

from outreach.mail.merge import header_safe, merge_field_errors
from outreach.segments.models import Segment

from .choices import StepKind
from .models import Sequence, Step


class SequenceForm(forms.ModelForm):
    class Meta:
        model = Sequence
        fields = ["name", "description", "window_start_hour", "window_end_hour"]
        help_texts = {"window_start_hour": "Local hour (0–23), in the candidate's timezone when known, else yours.",
                      "window_end_hour": "Emails go out before this hour (1–24), on business days only."}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("window_start_hour"), cleaned.get("window_end_hour")
        if start is not None and end is not None and start >= end:
            self.add_error("window_end_hour", forms.ValidationError(
                "The window must end after it starts.", code="window_order"))
        return cleaned


class StepForm(forms.ModelForm):
    class Meta:
        model = Step
        fields = ["kind", "subject", "body", "same_thread", "wait_days", "task_kind", "task_note"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8}), "kind": forms.RadioSelect}
        labels = {"body": "Message (Markdown)"}
        help_texts = {"body": "Merge fields like {{ first_name }} are filled in for each candidate."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A step's kind is what enrolments planned around: change the text, not the kind.
            self.fields["kind"].disabled = True

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == StepKind.EMAIL:
            subject, body = cleaned.get("subject", ""), cleaned.get("body", "")
            if not subject.strip():
                self.add_error("subject", forms.ValidationError("An email needs a subject.", code="required"))
            elif header_safe(subject) != subject.strip():
                self.add_error("subject", forms.ValidationError("The subject must be one line.", code="newline"))
            if not body.strip():
                self.add_error("body", forms.ValidationError("An email needs a message.", code="required"))
            for field, text in (("subject", subject), ("body", body)):
                for problem in merge_field_errors(text):
                    self.add_error(field, forms.ValidationError(problem, code="merge_field"))
        elif kind == StepKind.WAIT and not cleaned.get("wait_days"):
            self.add_error("wait_days", forms.ValidationError("How many business days to wait?", code="required"))
        elif kind == StepKind.TASK and not cleaned.get("task_kind"):
            self.add_error("task_kind", forms.ValidationError("Which task?", code="required"))
        return cleaned


class EnrolSegmentForm(forms.Form):
    segment = forms.ModelChoiceField(queryset=Segment.objects.none(), empty_label="Choose a segment")
    include_others = forms.BooleanField(label="Include candidates other recruiters own", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = Segment.objects.visible_to(user)
        if not user.has_perm("sequences.enrol_any_candidate"):
            del self.fields["include_others"]


class EnrolCandidatesForm(forms.Form):
    """A selection from the candidate list (or one candidate from their page) into a sequence."""

    sequence = forms.ModelChoiceField(queryset=Sequence.objects.none(), empty_label="Choose a sequence")
    candidates = forms.CharField(widget=forms.MultipleHiddenInput, required=False)
    candidate_timezone = TimeZoneFormField(label="Candidate's timezone", required=False, use_pytz=False,
                                           help_text="If you know it: emails then go out in their working hours.")
    include_others = forms.BooleanField(label="Include candidates other recruiters own", required=False)

    MAX_SELECTED = 500

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sequence"].queryset = Sequence.objects.filter(steps__is_active=True).distinct()
        if not user.has_perm("sequences.enrol_any_candidate"):
            del self.fields["include_others"]

    def clean_candidates(self):
        raw = self.data.getlist("candidates") if hasattr(self.data, "getlist") else []
        try:
            ids = sorted({int(value) for value in raw})
        except ValueError:
            raise forms.ValidationError("That selection is not a list of candidates.", code="invalid") from None
        if not ids:
            raise forms.ValidationError("Select at least one candidate.", code="required")
        if len(ids) > self.MAX_SELECTED:
            raise forms.ValidationError(f"Select at most {self.MAX_SELECTED} candidates at once.", code="too_many")
        return ids
