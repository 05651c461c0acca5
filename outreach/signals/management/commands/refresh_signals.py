"""Run one pass of the re-approach signal job by hand: `manage.py refresh_signals [--full]`."""
from django.core.management.base import BaseCommand

from outreach.signals.job import signals_refresh


class Command(BaseCommand):
    help = "One pass of the re-approach signal job (incremental unless --full), as the hourly beat job runs it."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Look at every candidate, not only those changed.")

    def handle(self, *args, full: bool, **options):
        run = signals_refresh(full=full)
        if run is None:
            self.stdout.write("Another pass is running; nothing done.")
            return
        took = (run.finished_at - run.started_at).total_seconds()
        kind = "full" if run.full else "incremental"
        self.stdout.write(self.style.SUCCESS(
            f"{kind.capitalize()} pass: {run.found:,} signal{'s' if run.found != 1 else ''} found, "
            f"{run.removed:,} no longer holding, in {took:.1f} s."
        ))
