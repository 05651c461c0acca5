from django.core.management.base import BaseCommand

from outreach.overdue import DEFAULT_BATCH_SIZE, schedules_flag_overdue


class Command(BaseCommand):
    help = "Flag overdue check-ins now (the job beat runs every 15 minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)

    def handle(self, *args, batch_size: int, **options):
        result = schedules_flag_overdue(batch_size=batch_size)
        self.stdout.write(f"{result.flagged} check-ins flagged overdue, {result.cleared} cleared.")
