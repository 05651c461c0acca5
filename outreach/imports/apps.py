from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Spreadsheets in: CSV and XLSX imports with a dry-run preview, duplicate handling and undo."""

    name = "outreach.imports"
    label = "imports"
    verbose_name = "Imports"
