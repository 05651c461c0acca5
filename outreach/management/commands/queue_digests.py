from django.core.management.base import BaseCommand

from outreach.digests import digests_queue, manager_digests_queue


class Command(BaseCommand):
    help = (
        "Queue the digests whose local time has come (the job beat runs hourly). "
        "Each is sent by a worker; `send_digests` sends pending ones without a worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would get a digest; write nothing.")
        parser.add_argument("--managers", action="store_true", help="Queue the weekly manager digests instead.")

    def handle(self, *args, dry_run: bool, managers: bool, **options):
        queue = manager_digests_queue if managers else digests_queue
        queued = queue(dry_run=dry_run)
        verb = "Would queue" if dry_run else "Queued"
        for item in queued:
            self.stdout.write(f"{verb} {item.kind} digest for {item.recipient.username} ({item.local_date}): "
                              f"{item.subject}")
        self.stdout.write(f"{verb} {len(queued)} digest(s).")
