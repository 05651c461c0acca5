"""A form field other apps use to pick a segment to send to (newsletters, events, sequences)."""
from django import forms

from .models import Segment


class SegmentChoiceField(forms.ModelChoiceField):
    """The segments `user` may send to: their own and the team's shared ones (all, for managers)."""

    def __init__(self, *, user, **kwargs):
        kwargs.setdefault("empty_label", "Choose a segment")
        super().__init__(queryset=Segment.objects.visible_to(user).select_related("owner"), **kwargs)

    def label_from_instance(self, obj) -> str:
        return obj.name if obj.shared else f"{obj.name} (not shared)"
