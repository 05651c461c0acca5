from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from outreach.digests.services import digest_queue_now, digests_queue, manager_digests_queue


class Command(BaseCommand):
    help = (
        "Queue the digests whose local time has come (the job beat runs hourly). "
        "Each is sent by a worker; `send_digests` sends pending ones without a worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would get a digest; write nothing.")
        parser.add_argument("--managers", action="store_true", help="Queue the weekly manager digests instead.")
        parser.add_argument("--user", metavar="USERNAME",
                            help="Queue today's digest for this person now, whatever their digest hour.")

    def handle(self, *args, dry_run: bool, managers: bool, user: str | None, **options):
        if user:
            try:
                recipient = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist as exc:
                raise CommandError(f"No user called {user!r}.") from exc
            item = digest_queue_now(recipient=recipient, dry_run=dry_run)
            queued = [item] if item else []
            if not item:
                self.stdout.write(f"No digest for {user}: nothing due today, or today's digest already exists.")
        else:
            queue = manager_digests_queue if managers else digests_queue
            queued = queue(dry_run=dry_run)
        verb = "Would queue" if dry_run else "Queued"
        for item in queued:
            self.stdout.write(f"{verb} {item.kind} digest for {item.recipient.username} ({item.local_date}): "
                              f"{item.subject}")
        self.stdout.write(f"{verb} {len(queued)} digest(s).")
