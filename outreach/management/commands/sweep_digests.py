from django.core.management.base import BaseCommand

from outreach.digests.services import digests_sweep


class Command(BaseCommand):
    help = "Enqueue again digests stuck in pending or sending (the job beat runs hourly)."

    def handle(self, *args, **options):
        result = digests_sweep()
        self.stdout.write(f"{len(result.requeued)} digest(s) enqueued again, {result.expired} expired.")
