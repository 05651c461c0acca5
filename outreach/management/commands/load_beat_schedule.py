from django.core.management.base import BaseCommand

from outreach.beat_schedule import beat_schedule_load


class Command(BaseCommand):
    help = (
        "Load the periodic jobs defined in outreach/beat_schedule.py into django-celery-beat "
        "(done by `migrate` too). Jobs already there keep admin changes unless --reset."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Overwrite existing jobs with the code's definition.")

    def handle(self, *args, reset: bool, **options):
        written = beat_schedule_load(reset=reset)
        for name in written:
            self.stdout.write(f"Loaded: {name}")
        self.stdout.write(f"{len(written)} periodic job(s) written.")
