"""Benchmark every page and job at one or more data sizes, against the budgets in docs/performance.md.

    python manage.py bench --sizes 10000,100000,1000000

Needs a database of its own (generated data only): each size is generated there, or reused
when that size is already loaded. Prints one table per size and the p50 ratios between the
smallest and largest size, and writes everything to var/bench/results.json.
"""
import argparse
import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from bench import events, exports, imports, jobs, load, mail, newsletter, pages, report, sequences
from candidates.models import Candidate
from outreach.demo.scale.loader import GENERATED_PREFIX, User, recruiters_for


class Command(BaseCommand):
    help = "Measure pages, jobs and an HTTP load run at each data size; print and save the results."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", default="10000", help="Comma-separated candidate counts.")
        parser.add_argument("--requests", type=int, default=50, help="Timed requests per page (after warm-up).")
        parser.add_argument("--warmup", type=int, default=5)
        parser.add_argument("--pages", default="", help="Only these page keys, comma-separated.")
        parser.add_argument("--load-seconds", type=int, default=60)
        parser.add_argument("--load-users", type=int, default=10)
        parser.add_argument("--port", type=int, default=8050)
        parser.add_argument("--no-load", action="store_true", help="Skip the HTTP load run.")
        parser.add_argument("--no-jobs", action="store_true", help="Skip the engine jobs.")
        parser.add_argument("--newsletter-recipients", type=int, default=100_000,
                            help="A newsletter to about this many candidates: materialised, sent by one worker to "
                                 "a local SMTP sink while the recruiter pages are timed (0 skips it).")
        parser.add_argument("--newsletter-send", type=int, default=None,
                            help="Send only this many of the newsletter's recipients (default: all of them).")
        parser.add_argument("--mail-messages", type=int, default=10_000,
                            help="Personal emails composed and sent to a local SMTP sink (0 skips it).")
        parser.add_argument("--sequence-enrolments", type=int, default=50_000,
                            help="Active sequence enrolments for the sequences part; 10,000 of them due, 1,000 replies "
                                 "over IMAP (0 skips it).")
        parser.add_argument("--event-invitees", type=int, default=5000,
                            help="Candidates invited to one event, then its page timed (0 skips it).")
        parser.add_argument("--quick", action="store_true",
                            help="Smoke mode: 3 requests per page, jobs in this process, no load run.")
        parser.add_argument("--fresh", action="store_true", help="Regenerate data even if the size is loaded.")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "var" / "bench" / "results.json"))
        parser.add_argument("--migrate", action="store_true",
                            help="Create the PostgreSQL database if missing and apply migrations first.")
        parser.add_argument("--merge", action="store_true",
                            help="Keep other sizes already in the output file (measured in earlier runs).")
        parser.add_argument("--job", choices=sorted(jobs.JOBS), help=argparse.SUPPRESS)
        parser.add_argument("--import-rows", type=int, default=None,
                            help="Rows in the generated import file (default 100,000 from 100k candidates up, "
                                 "else 2,000; 0 skips it).")
        parser.add_argument("--import-child", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument("--export-rows", type=int, default=None,
                            help="Candidates written to CSV and XLSX as a background export does (default 100,000 "
                                 "from 100k candidates up, else 2,000; 0 skips it).")
        parser.add_argument("--export-child", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if options["job"]:
            # Child mode (see jobs.job_run_in_child): one job, its result as one JSON line.
            self.stdout.write(json.dumps(jobs.job_run_here(options["job"])))
            return
        if options["import_child"]:
            self.stdout.write(json.dumps(imports.import_run_here(options["import_rows"])))
            return
        if options["export_child"]:
            self.stdout.write(json.dumps(exports.export_run_here(options["export_rows"])))
            return
        try:
            sizes = sorted({int(s) for s in options["sizes"].split(",") if s.strip()})
        except ValueError as exc:
            raise CommandError("--sizes takes candidate counts, e.g. 10000,100000") from exc
        if not sizes or min(sizes) < 10:
            raise CommandError("Each size must be at least 10 candidates.")
        if settings.DEBUG:
            self.stderr.write("DEBUG is on: Django keeps every query in memory and pages are slower. "
                              "Run with DEBUG=False for real figures.")
        if options["migrate"]:
            _database_create_if_missing()
            call_command("migrate", interactive=False, verbosity=0)
        quick = options["quick"]
        requests, warmup = (3, 1) if quick else (options["requests"], options["warmup"])
        only = {key for key in options["pages"].split(",") if key} or None
        results = {}
        for size in sizes:
            self._data_ready(size, fresh=options["fresh"])
            self.stdout.write(f"measuring {size:,} candidates")
            self.stdout.flush()
            # The dashboard pages read what the refresh job stores, so it runs first (even with --no-jobs).
            before = jobs.jobs_measure(in_process=quick, names=jobs.BEFORE_PAGES)
            result = {"recruiters": recruiters_for(size),
                      "pages": pages.pages_measure(requests=requests, warmup=warmup, only=only,
                                                   progress=self._progress),
                      "jobs": before}
            if not options["no_jobs"]:
                result["jobs"] |= jobs.jobs_measure(in_process=quick)
            mail_messages = min(options["mail_messages"], 200) if quick else options["mail_messages"]
            if mail_messages:
                self._progress(f"candidate email: {mail_messages:,} personal emails to a local SMTP sink")
                result["mail"] = mail.mail_send_run(count=mail_messages, workers=0 if quick else 2)
            enrolments = min(options["sequence_enrolments"], 2_000) if quick else options["sequence_enrolments"]
            if enrolments:
                due, replies = (min(enrolments, 1_000), 50) if quick else (min(enrolments, 10_000), 1_000)
                self._progress(f"sequences: {enrolments:,} enrolments, {due:,} due, {replies:,} replies over IMAP")
                result["sequences"] = sequences.sequences_run(enrolments=enrolments, due=due, replies=replies)
            import_rows = imports.rows_for(size) if options["import_rows"] is None else options["import_rows"]
            if import_rows:
                self._progress(f"import: a {import_rows:,}-row CSV previewed, imported and undone")
                result["imports"] = (imports.import_run_here(import_rows) if quick
                                     else imports.import_run_in_child(import_rows))
            export_rows = exports.rows_for(size) if options["export_rows"] is None else options["export_rows"]
            if export_rows:
                self._progress(f"export: {export_rows:,} candidates to CSV and XLSX, as the worker writes them")
                result["exports"] = (exports.export_run_here(export_rows) if quick
                                     else exports.export_run_in_child(export_rows))
            recipients = min(options["newsletter_recipients"], 500) if quick else options["newsletter_recipients"]
            if recipients:
                self._progress(f"newsletter: about {recipients:,} recipients, one worker, pages timed meanwhile")
                result["newsletter"] = newsletter.newsletter_run(
                    recipients=min(recipients, size // 2), send=options["newsletter_send"],
                    page_requests=3 if quick else 30, page_warmup=1 if quick else 3, in_process=quick)
            invitees = min(options["event_invitees"], 200) if quick else options["event_invitees"]
            if invitees:
                self._progress(f"events: inviting {invitees:,} candidates, then the event page")
                result["events"] = events.events_run(invitees=invitees, requests=requests)
            if not (quick or options["no_load"]):
                result["load"] = load.load_run(port=options["port"], users=options["load_users"],
                                               seconds=options["load_seconds"],
                                               out_dir=Path(options["output"]).parent)
            result["budgets"] = report.size_budgets(result)
            results[size] = result
            report.print_size(self.stdout.write, size, result)
        if options["merge"]:
            results = {**self._earlier(Path(options["output"])), **results}
        scaling = report.scaling(results)
        report.print_scaling(self.stdout.write, scaling, sorted(results))
        self._save(Path(options["output"]), results, scaling, quick=quick)

    def _progress(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def _data_ready(self, size: int, *, fresh: bool) -> None:
        recruiters = recruiters_for(size)
        loaded = Candidate.objects.filter(is_generated=True).count()
        team = User.objects.filter(username__startswith=f"{GENERATED_PREFIX}recruiter-").count()
        if loaded == size and team == recruiters and not fresh:
            self.stdout.write(f"reusing the {size:,} candidates already loaded")
            return
        self.stdout.write(f"generating {size:,} candidates, {recruiters} recruiters")
        self.stdout.flush()
        started = time.monotonic()
        call_command("generate_scale_data", candidates=size, recruiters=recruiters, replace=True,
                     stdout=self.stdout)
        self.stdout.write(f"loaded in {time.monotonic() - started:.0f} s")

    def _earlier(self, path: Path) -> dict[int, dict]:
        if not path.exists():
            return {}
        return {int(size): result for size, result in json.loads(path.read_text())["sizes"].items()}

    def _save(self, path: Path, results: dict, scaling: list, *, quick: bool) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        document = {
            "measured_at": timezone.now().isoformat(),
            "quick": quick,
            "machine": report.machine(),
            "database_vendor": connection.vendor,
            "sizes": {str(size): result for size, result in results.items()},
            "scaling": scaling,
        }
        path.write_text(json.dumps(document, indent=2, default=str), encoding="utf-8")
        self.stdout.write(f"\nresults written to {path}")



def _database_create_if_missing() -> None:
    """`make bench` points at a database of its own; make it on first use."""
    if connection.vendor != "postgresql":
        return
    import psycopg2
    from psycopg2 import sql

    params = connection.get_connection_params()
    name = params.pop("dbname", None) or params.pop("database")
    try:
        psycopg2.connect(dbname=name, **params).close()
        return
    except psycopg2.OperationalError:
        pass
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()
