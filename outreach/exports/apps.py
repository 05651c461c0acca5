from django.apps import AppConfig


class ExportsConfig(AppConfig):
    """Data out: the candidate list, as filtered on the page, to CSV or XLSX."""

    name = "outreach.exports"
    label = "exports"
    verbose_name = "Exports"
