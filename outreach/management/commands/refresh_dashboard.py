import time

from django.core.management.base import BaseCommand

from outreach.dashboard.rollup import dashboard_rollups_rebuild, dashboard_rollups_refresh


class Command(BaseCommand):
    help = "Bring the manager dashboard's roll-ups up to date now (beat does it every minute); --full rebuilds them."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="recompute every row from the source tables")

    def handle(self, *args, full: bool = False, **options):
        started = time.monotonic()
        result = dashboard_rollups_rebuild() if full else dashboard_rollups_refresh()
        seconds = time.monotonic() - started
        if result is None:
            self.stdout.write("Another refresh is running; it does the same work.")
        elif "skipped" in result:
            self.stdout.write(f"Nothing to do: {result['skipped']} (the dashboard computes live).")
        elif full:
            self.stdout.write(f"Dashboard roll-ups rebuilt: {result['rows']:,} rows in {seconds:.1f} s.")
        else:
            self.stdout.write(f"Dashboard roll-ups refreshed in {seconds:.1f} s: {result['days']} days and "
                              f"{result['owners']} books recomputed, {result['changes']} changes read.")
