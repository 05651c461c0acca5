from django import forms

from .models import SUBSCRIBABLE, WebhookEndpoint
from .urlcheck import url_refusal


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(label="Endpoint URL", max_length=500, assume_scheme="https",
                         help_text="A public https:// address your system answers with a 2xx within 10 seconds.")
    events = forms.MultipleChoiceField(choices=SUBSCRIBABLE, widget=forms.CheckboxSelectMultiple,
                                       label="Send these events",
                                       error_messages={"required": "Choose at least one event to send."})

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        refusal = url_refusal(url)
        if refusal:
            raise forms.ValidationError(refusal, code="refused")
        return url
