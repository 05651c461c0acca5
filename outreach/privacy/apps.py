from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Data protection requests (GDPR): the log with its due dates, and the access export."""

    name = "outreach.privacy"
    label = "privacy"
    verbose_name = "Data protection requests"
