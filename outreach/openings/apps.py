from django.apps import AppConfig


class OpeningsConfig(AppConfig):
    """The roles the team hires for now, and who from the past fits them."""

    name = "outreach.openings"
    label = "openings"
    verbose_name = "Openings"
