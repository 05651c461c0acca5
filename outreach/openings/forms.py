"""The opening form and the list's filters. They validate and only validate; services write."""
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from candidates.choices import MAX_PAY
from candidates.forms import CONTROL_CHARACTERS, TeamMemberChoiceField
from candidates.models import split_skills
from candidates.roles import managers

from .models import Opening
from .querysets import STATUS_FILTERS

User = get_user_model()
# More tags than this is a job ad pasted into the box, not the skills to look for.
MAX_SKILLS = 30


def hiring_managers(*, also_pk: int | None = None):
    """Who can be an opening's hiring manager: managers and admins (and the current one, kept)."""
    chosen = Q(pk__in=managers().values("pk"))
    if also_pk:
        chosen |= Q(pk=also_pk)
    return User.objects.filter(chosen).order_by("first_name", "last_name", "username")


class OpeningForm(forms.ModelForm):
    skills = forms.CharField(
        label="Skills", required=False, max_length=1000,
        help_text="Comma-separated, e.g. Python, Django, PostgreSQL. Silver medallists share at least one.",
    )
    hiring_manager = TeamMemberChoiceField(queryset=User.objects.none(), label="Hiring manager")

    class Meta:
        model = Opening
        fields = ["title", "team", "location", "remote", "pay_currency", "pay_min", "pay_max", "skills",
                  "hiring_manager"]
        help_texts = {
            "pay_min": "Yearly, in whole units of the currency: 120000.",
            "pay_max": "The top of the band; the same as “Band from” for a fixed salary.",
            "team": "The team it is in, e.g. Platform.",
        }
        widgets = {"pay_min": forms.NumberInput(attrs={"min": 0, "max": MAX_PAY, "step": 1000}),
                   "pay_max": forms.NumberInput(attrs={"min": 0, "max": MAX_PAY, "step": 1000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        opening = self.instance
        self.fields["hiring_manager"].queryset = hiring_managers(also_pk=opening.hiring_manager_id)
        if opening.pk:
            self.initial["skills"] = ", ".join(opening.skills or [])

    def _plain(self, name: str) -> str:
        value = self.cleaned_data[name]
        if CONTROL_CHARACTERS.search(value):
            raise forms.ValidationError("Remove the control characters (such as a NUL) from this field.",
                                        code="invalid")
        return value.strip()

    def clean_title(self) -> str:
        return self._plain("title")

    def clean_team(self) -> str:
        return self._plain("team")

    def clean_location(self) -> str:
        return self._plain("location")

    def clean_skills(self) -> list[str]:
        tags = split_skills(self._plain("skills"))
        if len(tags) > MAX_SKILLS:
            raise forms.ValidationError(f"Name at most {MAX_SKILLS} skills: the ones that matter most.",
                                        code="too_many")
        return tags

    def clean(self):
        data = super().clean()
        low, high = data.get("pay_min"), data.get("pay_max")
        if low is not None and high is not None and low > high:
            self.add_error("pay_max", forms.ValidationError(
                "The band must go up: “Band to” is at least “Band from”.", code="band_order"))
        return data


class OpeningFilterForm(forms.Form):
    """The list's GET filters; an unknown value falls back to the default rather than failing."""

    status = forms.ChoiceField(choices=STATUS_FILTERS, required=False)
    team = forms.ChoiceField(required=False)

    def __init__(self, *args, teams: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "Every team"), *[(team, team) for team in teams]]

    def value(self, name: str, default: str = "") -> str:
        """The chosen value, or the default when none (or an unknown one) was given."""
        self.is_valid()
        return self.cleaned_data.get(name) or default
