from django.apps import AppConfig


class DuplicatesConfig(AppConfig):
    """Possible duplicate candidates, merging two into one, and taking a merge back."""

    name = "outreach.duplicates"
    label = "duplicates"
    verbose_name = "Duplicates and merges"
