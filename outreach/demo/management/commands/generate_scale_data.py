"""Fill the database with a large, realistic, reproducible team: recruiters, candidates and their history.

    python manage.py generate_scale_data --candidates 1000000 --recruiters 500

Refuses to touch a database holding real data unless given --force; generated candidates are
flagged is_generated and generated logins start with "gen-", so --replace removes only them.
"""
import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from outreach.demo.scale import loader

# Above this many candidates, rebuilding indexes after the load beats maintaining them per row.
DEFER_INDEXES_FROM = 50_000


class Command(BaseCommand):
    help = "Generate a deterministic scale data set (candidates, touch points, interviews, schedules)."

    def add_arguments(self, parser):
        parser.add_argument("--candidates", type=int, default=10_000)
        parser.add_argument("--recruiters", type=int, default=None,
                            help="Default: one per 2,000 candidates (at least 2).")
        parser.add_argument("--managers", type=int, default=None, help="Default: one per 50 recruiters (at least 1).")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--replace", action="store_true", help="Remove earlier generated data first.")
        parser.add_argument("--force", action="store_true", help="Run even though the database holds real data.")
        parser.add_argument("--password", default="",
                            help="Password for the generated logins (default: they cannot log in).")
        parser.add_argument("--defer-indexes", choices=["auto", "yes", "no"], default="auto")

    def handle(self, *args, candidates: int, recruiters: int | None, managers: int | None, seed: int,
               replace: bool, force: bool, password: str, defer_indexes: str, **options):
        if candidates < 1:
            raise CommandError("--candidates must be at least 1.")
        recruiters = recruiters or loader.recruiters_for(candidates)
        managers = managers or max(1, recruiters // 50)
        if loader.real_data_exists() and not force:
            raise CommandError(
                "This database holds real data (candidates or logins not made by this command). "
                "Use a dedicated database, or pass --force to add generated data beside it."
            )
        started = time.monotonic()
        if replace:
            loader.generated_remove()
        elif loader.Candidate.objects.filter(is_generated=True).exists():
            raise CommandError("Generated data is already here; pass --replace to start over.")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Losing the tail of a load to a crash only means loading again.
                cursor.execute("SET synchronous_commit = off")
        team = loader.team_create(
            recruiters=recruiters, managers=managers, seed=seed,
            password_hash=make_password(password or None),
        )
        defer = defer_indexes == "yes" or (defer_indexes == "auto" and candidates >= DEFER_INDEXES_FROM)
        counts = loader.rows_load(
            candidates=candidates, team=team, seed=seed, now=timezone.now(), defer_indexes=defer,
            progress=lambda message: self.stdout.write(f"  {message}"),
        )
        self.stdout.write("  analysing tables")
        loader.analyze()
        summary = ", ".join(f"{table.split('_', 1)[1]}: {n:,}" for table, n in counts.items())
        self.stdout.write(self.style.SUCCESS(
            f"Generated {recruiters} recruiters, {managers} managers; {summary} "
            f"in {time.monotonic() - started:.1f} s."
        ))
