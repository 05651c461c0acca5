"""Forms for candidates and their history. They validate and only validate; services write."""
import re

from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils.html import format_html

from .choices import MAX_PAY, Currency, GotAwayReason, Recommendation, Role, Stage, Tier
from .dates import PLANNED, DateWindow
from .models import Candidate, CareerUpdate, Company, Feedback, Interview, split_skills
from .querysets import DEFAULT_LIST_SORT, LIST_SORTS
from .roles import GROUP_NAMES

User = get_user_model()

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Python's date parsing reads "2026-03-02T09:00\x00" as a date (it stops at the NUL) and strips
# \x1c-\x1f like spaces, so such input used to be accepted silently. No date picker sends them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class _NoControlCharacters:
    def to_python(self, value):
        if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class DayField(_NoControlCharacters, forms.DateField):
    """A date from a date picker. Its window comes with the model field, or from the form."""

    widget = DATE_INPUT


class MomentField(_NoControlCharacters, forms.DateTimeField):
    """A date and time, read in the current timezone; within `window` when one is given."""

    def __init__(self, *, window: DateWindow | None = None, **kwargs):
        super().__init__(**kwargs)
        if window:
            self.validators.append(window.check)


class SkillTagsField(forms.CharField):
    """Tags typed into one box, comma-separated ("Python, Django"), cleaned into a list of tags."""

    # More tags than this is a paragraph pasted into the wrong box.
    MAX_TAGS = 50

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault("help_text", "Separate tags with commas, e.g. Python, Django, SQL.")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        # A list from the instance shows as the text it would be typed as.
        if isinstance(value, list | tuple):
            return ", ".join(str(tag) for tag in value)
        return value

    def to_python(self, value):
        tags = split_skills(super().to_python(value) or "")
        if len(tags) > self.MAX_TAGS:
            raise forms.ValidationError(f"Up to {self.MAX_TAGS} tags, please.", code="too_many")
        return tags

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            return list(initial or []) != self.to_python(data)
        except forms.ValidationError:
            return True


def _people(condition: Q, *, also_pk: int | None = None):
    return (
        User.objects.filter(condition | Q(pk=also_pk) if also_pk else condition)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def team_members():
    """Everyone on the team: active users in one of the role groups."""
    return _people(Q(is_active=True, groups__name__in=GROUP_NAMES.values()))


def candidate_owners(*, also_pk: int | None = None):
    """Who a candidate can be given to: active recruiters. Managers and admins oversee, they do not own.

    `also_pk` keeps a candidate's current owner selectable when they are not one (any
    more), so editing something else never silently hands the candidate to someone new.
    """
    return _people(Q(is_active=True, groups__name=GROUP_NAMES[Role.RECRUITER]), also_pk=also_pk)


def person_name(user) -> str:
    return user.get_full_name() or user.username


def team_members_named(text: str, *, limit: int = 20) -> list[tuple[int, str]]:
    """Team members whose first, last or user name contains the text: (pk, name) pairs."""
    text = text.strip()
    if not text:
        return []
    named = Q(first_name__icontains=text) | Q(last_name__icontains=text) | Q(username__icontains=text)
    return [(user.pk, person_name(user)) for user in team_members().filter(named)[:limit]]


class TeamMemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_name(obj)


def duplicate_email_message(existing: Candidate):
    # Safe HTML built with format_html, so the name is escaped but the link works.
    return format_html(
        'A candidate with this email already exists: <a href="{}">{}</a>.',
        existing.get_absolute_url(),
        existing.full_name,
    )


# The list's filters (the sort is not one).
FILTER_NAMES = ("q", "tier", "reason", "stage", "owner", "overdue", "company")


class CandidateFilterForm(forms.Form):
    """The list page's GET filters. Invalid values are reported and ignored, never a 500."""

    q = forms.CharField(
        label="Search", required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name, email or company"}),
    )
    tier = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=[("", "Any tier"), *Tier.choices]
    )
    reason = forms.ChoiceField(
        label="Got-away reason", required=False, choices=[("", "Any reason"), *GotAwayReason.choices]
    )
    stage = forms.ChoiceField(required=False, choices=[("", "Any stage"), *Stage.choices])
    owner = forms.ChoiceField(required=False)
    overdue = forms.BooleanField(label="Overdue only", required=False)
    # Who works there now; reached from a candidate's career card ("Also at Acme"), kept while other filters change.
    company = forms.ModelChoiceField(queryset=Company.objects.all(), required=False, widget=forms.HiddenInput,
                                     error_messages={"invalid_choice": "That company is not on record."})
    sort = forms.ChoiceField(
        label="Sort by", required=False, choices=[(key, sort.label) for key, sort in LIST_SORTS.items()]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not the whole team: at 500 people, listing everyone was the slowest part of the
        # page. A colleague is picked with the "Find a colleague" search (owner_search), or
        # arrives in a dashboard link; only that one person joins "Anyone" and "Mine".
        self.fields["owner"].choices = [("", "Anyone"), ("mine", "Mine"), *self._chosen_colleague()]

    def _chosen_colleague(self) -> list[tuple[str, str]]:
        value = str(self.data.get("owner", ""))
        person = team_members().filter(pk=int(value)).first() if value.isdigit() and len(value) < 10 else None
        return [(str(person.pk), person_name(person))] if person else []

    def filter(self, queryset, *, user, now):
        """Apply whichever filters are valid; an invalid one shows its error and is skipped.

        The order is left to the list's paginator, which pages in `sort_key` order."""
        self.is_valid()
        data = self.cleaned_data
        queryset = queryset.search(data.get("q") or "")
        if data.get("tier"):
            queryset = queryset.filter(tier=data["tier"])
        if data.get("reason"):
            queryset = queryset.filter(got_away_reason=data["reason"])
        if data.get("stage"):
            queryset = queryset.filter(stage=data["stage"])
        owner = data.get("owner")
        if owner == "mine":
            queryset = queryset.for_owner(user)
        elif owner:
            queryset = queryset.filter(owner_id=int(owner))
        if data.get("overdue"):
            queryset = queryset.overdue(now)
        if data.get("company"):
            queryset = queryset.at_company(data["company"])
        return queryset

    @property
    def sort_key(self) -> str:
        """The chosen sort, or the default when none (or an invalid one) was given."""
        self.is_valid()
        return self.cleaned_data.get("sort") or DEFAULT_LIST_SORT

    @property
    def is_filtered(self) -> bool:
        self.is_valid()
        return any(self.cleaned_data.get(name) for name in FILTER_NAMES)


def _https_by_default(model_field, **kwargs):
    # A pasted "linkedin.com/in/ada" should become an https link, not http.
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class CandidateForm(forms.ModelForm):
    owner = TeamMemberChoiceField(queryset=User.objects.none())
    skills = SkillTagsField(label="Skills")
    expected_pay_currency = forms.ChoiceField(
        label="Currency", required=False, choices=[("", "—"), *Currency.choices],
    )
    expected_pay = forms.IntegerField(
        label="Expected pay", required=False, min_value=0, max_value=MAX_PAY,
        help_text="Yearly, in whole units: 140000. What they told us would bring them back.",
        widget=forms.NumberInput(attrs={"min": 0, "max": MAX_PAY, "step": 1, "inputmode": "numeric"}),
    )

    class Meta:
        model = Candidate
        formfield_callback = _https_by_default
        fields = [
            "full_name", "email", "phone", "location", "headline",
            "linkedin_url", "github_url", "portfolio_url", "skills", "source",
            "current_title", "current_company",
            "owner", "tier", "stage", "got_away_reason", "got_away_on", "got_away_detail", "do_not_contact",
            "expected_pay_currency", "expected_pay", "follow_up_on", "open_to_relocation", "open_to_remote",
        ]
        labels = {
            "full_name": "Full name",
            "got_away_reason": "Got-away reason",
            "got_away_on": "Got away on",
            "got_away_detail": "What happened",
            "current_title": "Current title",
            "current_company": "Current company",
            "do_not_contact": "Do not contact (they asked us to stop)",
            "open_to_relocation": "Open to relocating for the right role",
            "open_to_remote": "Open to remote work",
        }
        help_texts = {
            "follow_up_on": "When they asked us to come back to them, e.g. after their bonus is paid.",
        }
        # got_away_on's window (things that happened) comes with the model field; follow_up_on's
        # (a plan) is checked in clean_follow_up_on, only when it changes.
        field_classes = {"got_away_on": DayField, "follow_up_on": DayField}
        widgets = {"got_away_detail": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = candidate_owners(also_pk=self.instance.owner_id)
        self.fields["got_away_reason"].choices = [("", "Not recorded"), *GotAwayReason.choices]

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        existing = Candidate.objects.email_taken(email, exclude_pk=self.instance.pk).first()
        if existing:
            raise forms.ValidationError(duplicate_email_message(existing), code="duplicate")
        return email

    def clean_follow_up_on(self):
        day = self.cleaned_data["follow_up_on"]
        # A date already stored may have passed; only a newly typed one must lie ahead.
        if "follow_up_on" in self.changed_data:
            PLANNED.check(day)
        return day

    def clean(self):
        cleaned = super().clean()
        currency, amount = cleaned.get("expected_pay_currency"), cleaned.get("expected_pay")
        # Pay means nothing without its currency, and a currency alone says nothing: both or neither.
        if amount is not None and not currency and "expected_pay_currency" not in self.errors:
            self.add_error("expected_pay_currency", forms.ValidationError(
                "Pick the currency of the expected pay.", code="currency_missing"))
        if currency and amount is None and "expected_pay" not in self.errors:
            self.add_error("expected_pay", forms.ValidationError(
                f"Enter the amount in {currency}, or set the currency back to —.", code="amount_missing"))
        return cleaned


class InterviewForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = ["role_title", "occurred_on", "stage", "interviewers", "outcome"]
        field_classes = {"occurred_on": DayField}


def _rating_field(name: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=Feedback._meta.get_field(name).verbose_name.capitalize(),
        min_value=1, max_value=5, required=False,
        help_text="1 (weak) to 5 (excellent)",
        widget=forms.NumberInput(attrs={"min": 1, "max": 5, "step": 1}),
    )


class ScorecardForm(forms.Form):
    """One scorecard. With optional=True (logging an interview) it may be left blank as a whole,
    but a half-filled scorecard is an error: averages over missing ratings would mislead."""

    rating_technical = _rating_field("rating_technical")
    rating_problem_solving = _rating_field("rating_problem_solving")
    rating_communication = _rating_field("rating_communication")
    rating_collaboration = _rating_field("rating_collaboration")
    recommendation = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=[("", "Choose…"), *Recommendation.choices]
    )
    strengths = forms.CharField(required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    concerns = forms.CharField(required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    candidate_note = forms.CharField(
        label="Note for the candidate", required=False, max_length=4000,
        help_text="Worded to be shared with the candidate.", widget=forms.Textarea(attrs={"rows": 3}),
    )

    REQUIRED = (*Feedback.RATING_FIELDS, "recommendation")

    def __init__(self, *args, optional: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.optional = optional
        if not optional:
            for name in self.REQUIRED:
                self.fields[name].required = True

    def is_filled(self) -> bool:
        """Whether the recruiter typed anything at all into the scorecard."""
        return any(str(self.data.get(self.add_prefix(name), "")).strip() for name in self.fields)

    def clean(self):
        cleaned = super().clean()
        if self.optional and self.is_filled():
            for name in self.REQUIRED:
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, forms.ValidationError(
                        "Needed once any part of the scorecard is filled in.", code="required"
                    ))
        return cleaned

    @property
    def scorecard(self) -> dict | None:
        """Keyword arguments for the scorecard, or None when it was left blank."""
        if self.optional and not self.is_filled():
            return None
        return dict(self.cleaned_data)


class CareerUpdateForm(forms.ModelForm):
    class Meta:
        model = CareerUpdate
        fields = ["title", "company", "started_on", "note"]
        labels = {"title": "Job title", "started_on": "Started on"}
        help_texts = {
            "company": "As you would write it; the same company however it is spelt is counted once.",
            "started_on": "The first of the month is fine if that is all you know; the newest move becomes "
                          "the current role, and work anniversaries are counted from this date.",
        }
        field_classes = {"started_on": DayField}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Required here (the column allows none, for moves recorded before start dates were asked for).
        self.fields["started_on"].required = True
        self.fields["started_on"].error_messages["required"] = "Enter when they started (a best guess will do)."


def existing_candidate_link(email: str):
    """For the race where two recruiters add the same person at once (the constraint catches it)."""
    existing = Candidate.objects.email_taken(email).first()
    return duplicate_email_message(existing) if existing else "A candidate with this email already exists."

