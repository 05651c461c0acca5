from django.apps import AppConfig


class SegmentsConfig(AppConfig):
    """Saved segments: filters over the talent pool that newsletters, events and sequences send to."""

    name = "outreach.segments"
    label = "segments"
    verbose_name = "Segments"
