from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    """Newsletters and series: one issue to a saved segment, sent in batches, resumable, with stats."""

    name = "outreach.newsletters"
    label = "newsletters"
    verbose_name = "Newsletters"

    def ready(self) -> None:
        from . import registrations

        registrations.register()
