"""The merge screen: for each field where the two differ, whose value the survivor keeps."""
from django import forms

from candidates.models import Candidate

from .services import MERGE_COMPANIONS, MERGE_FIELDS


def _shown(candidate: Candidate, name: str) -> str:
    display = getattr(candidate, f"get_{name}_display", None)
    value = display() if display else getattr(candidate, name)
    if name == "owner":
        value = candidate.owner.get_full_name() or candidate.owner.username
    if name == "expected_pay":
        value = candidate.expected_pay_label
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        value = ", ".join(value)
    return str(value) if value not in (None, "") else "(empty)"


def _compared(candidate: Candidate, name: str) -> tuple:
    attname = "owner_id" if name == "owner" else name
    return (getattr(candidate, attname), *(getattr(candidate, other) for other in MERGE_COMPANIONS.get(name, [])))


class MergeForm(forms.Form):
    keep = forms.ChoiceField(label="Which record survives", widget=forms.RadioSelect,
                             help_text="The other one is merged into it and removed; its history moves over.")

    def __init__(self, *args, first: Candidate, second: Candidate, **kwargs):
        super().__init__(*args, **kwargs)
        self.first, self.second = first, second
        self.fields["keep"].choices = [
            (str(first.pk), f"{first.full_name} (#{first.pk}, added {first.created_at:%d %b %Y})"),
            (str(second.pk), f"{second.full_name} (#{second.pk}, added {second.created_at:%d %b %Y})"),
        ]
        self.fields["keep"].initial = str(first.pk)
        self.differing = []
        for name in MERGE_FIELDS:
            if _compared(first, name) == _compared(second, name):
                continue
            label = Candidate._meta.get_field(name).verbose_name
            self.fields[f"pick_{name}"] = forms.ChoiceField(
                label=str(label).capitalize(), widget=forms.RadioSelect, initial="first",
                choices=[("first", _shown(first, name)), ("second", _shown(second, name))],
            )
            self.differing.append(name)

    def field_picks(self):
        return [self[f"pick_{name}"] for name in self.differing]

    def merge_plan(self) -> tuple[Candidate, Candidate, dict]:
        """(survivor, loser, the survivor's values picked field by field)."""
        survivor, loser = ((self.first, self.second) if self.cleaned_data["keep"] == str(self.first.pk)
                           else (self.second, self.first))
        values = {}
        for name in self.differing:
            source = self.first if self.cleaned_data[f"pick_{name}"] == "first" else self.second
            if source is loser:
                for picked in (name, *MERGE_COMPANIONS.get(name, [])):
                    values[picked] = getattr(source, picked)
        return survivor, loser, values
