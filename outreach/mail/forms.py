"""Forms for writing to candidates and for the preference centre. They validate and only validate."""
import datetime as dt
import re

from django import forms
from django.utils import timezone

from candidates.models import Candidate

from .choices import Frequency, LawfulBasis, MailKind, SuppressionReason, Topic
from .merge import merge_field_errors
from .models import EmailPreferences, EmailTemplate
from .preferences import PAUSE_MONTHS
from .suppression import suppression_reason

SUBJECT_MAX = 200
BODY_MAX = 20_000
# Markdown, not HTML: a tag in the body is a paste from somewhere else, or an attack.
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?\s*>")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _clean_subject(subject: str) -> str:
    if "\r" in subject or "\n" in subject:
        raise forms.ValidationError("A subject is one line: remove the line break.", code="line_break")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in subject):
        raise forms.ValidationError("The subject contains control characters; retype it.", code="control")
    for problem in merge_field_errors(subject):
        raise forms.ValidationError(problem, code="merge_field")
    return subject


def _clean_body(body: str) -> str:
    if HTML_TAG.search(body):
        raise forms.ValidationError(
            "Write the email as plain text (Markdown like **bold** and [links](https://…) works); "
            "HTML tags such as <script> are not allowed.", code="html",
        )
    problems = merge_field_errors(body)
    if problems:
        raise forms.ValidationError(problems, code="merge_field")
    return body


class EmailDraftForm(forms.Form):
    """Subject and body with merge fields. `candidate` and `kind` say who it is for, to refuse a blocked send."""

    subject = forms.CharField(max_length=SUBJECT_MAX, strip=True)
    body = forms.CharField(
        max_length=BODY_MAX, strip=True, widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Plain text; Markdown works (**bold**, lists, [links](https://…)). "
                  "The footer with their preferences link is added for you.",
    )

    def __init__(self, *args, candidate: Candidate, kind: str = MailKind.PERSONAL, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        self.kind = kind

    def clean_subject(self) -> str:
        return _clean_subject(self.cleaned_data["subject"])

    def clean_body(self) -> str:
        return _clean_body(self.cleaned_data["body"])

    def clean(self):
        cleaned = super().clean()
        preferences = EmailPreferences.objects.filter(candidate=self.candidate).first()
        reason = suppression_reason(candidate=self.candidate, kind=self.kind, topic="", preferences=preferences,
                                    to_email=self.candidate.email, now=timezone.now())
        if reason:
            raise forms.ValidationError(
                f"{self.candidate.full_name} cannot be emailed: {SuppressionReason(reason).label.lower()}.",
                code="suppressed",
            )
        return cleaned


class EmailTemplateForm(forms.ModelForm):
    class Meta:
        model = EmailTemplate
        fields = ["name", "subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def clean_subject(self) -> str:
        return _clean_subject(self.cleaned_data["subject"])

    def clean_body(self) -> str:
        return _clean_body(self.cleaned_data["body"])


class ConsentForm(forms.Form):
    lawful_basis = forms.ChoiceField(choices=LawfulBasis.choices, widget=forms.RadioSelect)
    consent_source = forms.CharField(
        label="Where it was given", max_length=200, required=False,
        help_text="E.g. 'Application form, June 2025' or 'Interview for Senior Engineer'.",
    )
    consent_given_on = forms.DateField(label="When it was given", required=False, widget=DATE_INPUT)

    def clean_consent_given_on(self):
        day = self.cleaned_data["consent_given_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError("That is in the future.", code="future")
        return day


PAUSE_CHOICES = [("", "Keep as it is")] + [(str(m), f"Pause all email for {m} months") for m in PAUSE_MONTHS]


class PreferencesForm(forms.Form):
    """The candidate's own choices, behind a signed link."""

    topics = forms.MultipleChoiceField(
        label="Send me", choices=Topic.choices, required=False, widget=forms.CheckboxSelectMultiple,
    )
    frequency = forms.ChoiceField(label="How often", choices=Frequency.choices, widget=forms.RadioSelect)
    pause = forms.ChoiceField(label="Take a break", choices=PAUSE_CHOICES, required=False)
    open_from = forms.DateField(
        label="I'm open to new opportunities from", required=False, widget=DATE_INPUT,
        help_text="Leave empty if you'd rather not say.",
    )
    unsubscribe_all = forms.BooleanField(label="Don't email me at all", required=False)

    def __init__(self, *args, paused: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if paused:
            self.fields["pause"].choices = [*PAUSE_CHOICES, ("resume", "Resume email now")]

    def clean_open_from(self):
        day = self.cleaned_data["open_from"]
        today = timezone.localdate()
        if day and not (today - dt.timedelta(days=366) <= day <= today + dt.timedelta(days=5 * 366)):
            raise forms.ValidationError("Pick a date within the next few years.", code="range")
        return day

    @staticmethod
    def initial_for(preferences: EmailPreferences) -> dict:
        return {
            "topics": preferences.subscribed_topics,
            "frequency": preferences.frequency,
            "open_from": preferences.open_to_opportunities_from,
            "unsubscribe_all": bool(preferences.unsubscribed_at),
        }
