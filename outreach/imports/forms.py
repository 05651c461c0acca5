"""The upload form and the mapping form. They validate and only validate."""
from django import forms

from .mapping import FIELDS, mapping_problems
from .models import DuplicatePolicy, ImportMapping
from .reading import MAX_BYTES, UnreadableFile, check_size, read_table

EMAIL_POLICIES = [(p.value, p.label) for p in DuplicatePolicy if p != DuplicatePolicy.CREATE]


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet", help_text=f"CSV or XLSX, up to {MAX_BYTES // 1024 // 1024} MB, with a header row.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    saved_mapping = forms.ModelChoiceField(
        queryset=ImportMapping.objects.none(), required=False, label="Use a saved column mapping",
        empty_label="Guess from the column names",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["saved_mapping"].queryset = ImportMapping.objects.filter(owner=user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
            self.data_bytes = upload.read()
            read_table(self.data_bytes, upload.name)
        except UnreadableFile as error:
            raise forms.ValidationError(str(error), code="unreadable") from None
        return upload


class MappingForm(forms.Form):
    """One choice per column of the file, then what to do with each kind of duplicate."""

    email_policy = forms.ChoiceField(label="Same email as an existing candidate", choices=EMAIL_POLICIES)
    linkedin_policy = forms.ChoiceField(label="Same LinkedIn profile", choices=DuplicatePolicy.choices)
    likely_policy = forms.ChoiceField(label="Similar name at the same company", choices=DuplicatePolicy.choices)
    save_as = forms.CharField(
        label="Save this mapping as", max_length=100, required=False,
        help_text="Optional: a name, to pick this mapping for the next file from the same place.",
    )

    def __init__(self, *args, run, samples: dict[str, list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = run.headers
        choices = [("", "— Ignore this column —"), *FIELDS.items()]
        for index, header in enumerate(run.headers):
            example = ", ".join(s for s in samples.get(header, []) if s)[:120]
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=run.mapping.get(header, ""),
                help_text=f"e.g. {example}" if example else "Empty in the first rows",
            )
        self.fields["email_policy"].initial = run.email_policy
        self.fields["linkedin_policy"].initial = run.linkedin_policy
        self.fields["likely_policy"].initial = run.likely_policy
        # Columns first, then the duplicate choices, then saving.
        order = [f"column_{i}" for i in range(len(run.headers))] + ["email_policy", "linkedin_policy",
                                                                     "likely_policy", "save_as"]
        self.order_fields(order)

    def column_fields(self):
        return [self[f"column_{i}"] for i in range(len(self.headers))]

    def policy_fields(self):
        return [self["email_policy"], self["linkedin_policy"], self["likely_policy"]]

    @property
    def mapping(self) -> dict[str, str]:
        return {header: self.cleaned_data.get(f"column_{i}", "") for i, header in enumerate(self.headers)}

    def clean(self):
        cleaned = super().clean()
        for problem in mapping_problems(self.mapping):
            self.add_error(None, problem)
        return cleaned
