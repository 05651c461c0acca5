"""The segment form: what a segment is called and which candidates it takes in."""
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from candidates.choices import GotAwayReason, Source, Stage, Tier
from candidates.forms import CONTROL_CHARACTERS, candidate_owners, person_name
from candidates.models import split_skills
from outreach.mail.choices import Topic

from .filters import FILTER_FIELDS
from .models import Segment

User = get_user_model()


class OwnersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_name(obj)


def _checkboxes(choices, *, label: str, coerce=str) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(choices=choices, coerce=coerce, required=False, label=label,
                                          widget=forms.CheckboxSelectMultiple)


class SegmentForm(forms.ModelForm):
    tiers = _checkboxes(Tier.choices, label="Tier", coerce=int)
    stages = _checkboxes(Stage.choices, label="Stage")
    got_away_reasons = _checkboxes(GotAwayReason.choices, label="Why they got away")
    sources = _checkboxes(Source.choices, label="Source")
    candidate_owners = OwnersField(queryset=candidate_owners(), required=False, label="Owned by",
                                   widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Segment
        fields = ["name", "description", "shared", *FILTER_FIELDS]
        widgets = {"description": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "Any: no topic filter"), *Topic.choices]
        if self.instance.pk:
            # Someone who owns candidates no more stays ticked rather than silently dropped.
            chosen = [user.pk for user in self.instance.candidate_owners.all()]
            self.fields["candidate_owners"].queryset = User.objects.filter(
                Q(pk__in=candidate_owners().values("pk")) | Q(pk__in=chosen)
            ).order_by("first_name", "last_name", "username")

    def clean(self):
        cleaned = super().clean()
        for name in ("name", "description", "skills", "location", "interviewed_for"):
            if CONTROL_CHARACTERS.search(cleaned.get(name) or ""):
                self.add_error(name, "Remove the control characters (such as a NUL) from this text.")
        older, within = cleaned.get("touched_more_than_days_ago"), cleaned.get("touched_within_days")
        if older and within and within >= older:
            # "More than 90 days ago and within the last 30" can match nobody: say so instead.
            self.add_error("touched_within_days", f"Enter fewer days than {older}, or clear one of the two.")
        return cleaned

    def clean_skills(self):
        return ", ".join(split_skills(self.cleaned_data["skills"]))

    def filter_values(self) -> dict:
        """The filters as Segment.filter_values gives them, for a live count before saving."""
        data = self.cleaned_data
        values = {name: data.get(name) for name in FILTER_FIELDS if name != "candidate_owners"}
        values["owner_ids"] = [user.pk for user in data.get("candidate_owners") or []]
        return values

