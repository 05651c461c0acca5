from django import forms

from .models import RetentionSettings


class RetentionSettingsForm(forms.ModelForm):
    class Meta:
        model = RetentionSettings
        fields = ["enabled", "months_without_touch", "grace_days"]
