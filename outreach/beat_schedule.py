"""The periodic jobs, defined here in code and loaded into django-celery-beat's database scheduler.

Crontabs, not intervals: "every 15 minutes" as an interval drifts with each
restart of beat, while a crontab always fires on the quarter hour. All in UTC;
each job works out people's local times itself (DST included).

Loading is additive: a job already in the database keeps whatever an admin
changed in the admin (its crontab, enabled flag); `load_beat_schedule --reset`
puts the code's definitions back. `expire_seconds` drops a message that sat in
the queue past the next run (worker down for a while), so past-due runs do
not pile up and all fire at once after an outage.
"""
from django.db import transaction

TIMEZONE = "UTC"

# name -> task, crontab fields, seconds before a queued run is stale, why.
JOBS = {
    "Flag overdue check-ins": {
        "task": "outreach.tasks.flag_overdue",
        "crontab": {"minute": "*/15"},
        "expire_seconds": 14 * 60,
        "description": "Every quarter hour: mark check-ins whose due time passed; clear those no longer due.",
    },
    "Queue daily digests": {
        "task": "outreach.tasks.queue_digests",
        "crontab": {"minute": "0"},
        "expire_seconds": 55 * 60,
        "description": "On the hour: one digest per recruiter whose local digest hour it is on a digest day.",
    },
    "Queue weekly manager digests": {
        "task": "outreach.tasks.queue_manager_digests",
        # Monday somewhere on Earth falls on a Sunday, Monday or Tuesday in UTC.
        "crontab": {"minute": "0", "day_of_week": "sun,mon,tue"},
        "expire_seconds": 55 * 60,
        "description": "On the hour around Mondays: the team digest at each manager's digest hour, Monday their time.",
    },
    "Sweep stuck digests": {
        "task": "outreach.tasks.sweep_digests",
        # Odd minutes, away from the top-of-the-hour queueing run. Cheap when nothing is stuck:
        # one index range over the few unfinished digests.
        "crontab": {"minute": "1-59/2"},
        "expire_seconds": 110,
        "description": "Every 2 minutes: enqueue digests the broker never took (an outage), lost messages and "
                       "sends whose worker died, so recovery takes minutes with no one stepping in.",
    },
    "Refresh dashboard roll-ups": {
        "task": "outreach.tasks.refresh_dashboard",
        "crontab": {"minute": "*"},
        "expire_seconds": 50,
        "description": "Every minute: the dashboard's per-day counts gain the day that ended, past days written to "
                       "and the books that changed, so any period reads a few thousand rows. Idle: three small reads.",
    },
    "Rebuild dashboard roll-ups": {
        "task": "outreach.tasks.rebuild_dashboard",
        # 04:10 UTC, after the night's other full passes; the pages keep reading the old rows meanwhile.
        "crontab": {"minute": "10", "hour": "4"},
        "expire_seconds": 3000,
        "description": "Nightly: every roll-up row recomputed from the source tables, so nothing a bulk write "
                       "slipped past the refresh outlives a day.",
    },
    "Sweep stuck candidate emails": {
        "task": "mail.sweep_emails",
        "crontab": {"minute": "*"},
        "expire_seconds": 50,
        "description": "Every minute: publish again candidate emails a broker outage or a dead worker left behind "
                       "(outreach/mail), so each is recovered within five minutes; two index look-ups when idle.",
    },
    "Advance sequences": {
        "task": "sequences.advance_enrolments",
        "crontab": {"minute": "*"},
        "expire_seconds": 50,
        "description": "Every minute: move due sequence enrolments on (outreach/sequences) in SQL batches, then write "
                       "their step emails on a worker; one index range when nothing is due.",
    },
    "Poll the reply mailbox": {
        "task": "mail.poll_reply_mailbox",
        "crontab": {"minute": "*"},
        "expire_seconds": 50,
        "description": "Every minute: import replies from the team's IMAP reply mailbox (MAIL_IMAP_HOST; off when "
                       "unset) and forward each to its recruiter; re-publishes forwards an outage left waiting.",
    },
    "Newsletters: draft, skip, start": {
        "task": "newsletters.tick",
        "crontab": {"minute": "*"},
        "expire_seconds": 50,
        "description": "Every minute: draft series issues ahead, skip the ones not approved by their send time, "
                       "start scheduled issues that are due, and revive a send whose worker died.",
    },
    "Queue event reminders": {
        "task": "events.queue_reminders",
        # Hourly, a few minutes past: each event's reminder goes out from 10:00 its own time the
        # day before; the mail channel's unique row per invitee makes every later run a no-op.
        "crontab": {"minute": "7"},
        "expire_seconds": 55 * 60,
        "description": "Hourly: the day-before reminder to everyone going to an event, once each (outreach/events).",
    },
    "Deliver due webhooks": {
        "task": "webhooks.sweep_deliveries",
        "crontab": {"minute": "*"},
        "expire_seconds": 50,
        "description": "Every minute: post webhook retries whose time has come and deliveries an outage or a dead "
                       "worker left behind (outreach/webhooks); one index range when nothing is due.",
    },
    "Expire prepared exports": {
        "task": "exports.expire_exports",
        "crontab": {"minute": "41"},
        "expire_seconds": 55 * 60,
        "description": "Hourly: delete the files of background candidate exports past EXPORT_KEEP_DAYS "
                       "(outreach/exports); their rows stay, so My exports says they expired.",
    },
    "Career watch: fetch feeds": {
        "task": "watch.fetch_due_feeds",
        # Twice an hour, off the busy minutes; each feed is read every few hours, or later while failing.
        "crontab": {"minute": "13,43"},
        "expire_seconds": 25 * 60,
        "description": "Every 30 minutes: read the top-tier candidates' followed feeds that are due "
                       "(outreach/watch), conditionally, each on its own; failing feeds back off.",
    },
    "Re-approach signals": {
        "task": "signals.refresh",
        # Hourly, away from the digests' top of the hour, so the morning digest reads a fresh list.
        "crontab": {"minute": "47"},
        "expire_seconds": 50 * 60,
        "description": "Hourly: who has a reason to hear from us now (outreach/signals), looking only at what "
                       "changed since the last pass; a full pass once a day.",
    },
    "Scheduler heartbeat": {
        "task": "outreach.tasks.record_heartbeat",
        "crontab": {"minute": "*/5"},
        "expire_seconds": 4 * 60,
        "description": "Every 5 minutes: proves beat, broker and worker work; watched by /healthz and the banner.",
    },
    "Possible duplicates: catch up": {
        "task": "duplicates.refresh",
        "crontab": {"minute": "3-59/5"},
        "expire_seconds": 4 * 60,
        "description": "Every 5 minutes: compare again the candidates changed since the last run "
                       "(outreach/duplicates), so the possible duplicates list reads stored pairs; two index reads "
                       "when nothing changed.",
    },
    "Possible duplicates: rebuild": {
        "task": "duplicates.rebuild",
        # At night, when nobody merges: also catches edits made without an audit-trail row.
        "crontab": {"minute": "40", "hour": "2"},
        "expire_seconds": 6 * 60 * 60,
        "description": "Nightly: every candidate compared again from scratch for the possible duplicates list.",
    },
    "Retention review": {
        "task": "privacy.retention_review",
        # Once a day in the quiet hours: flags candidates the team's retention rule catches and erases
        # those past their grace period (outreach/privacy); does nothing while the rule is off.
        "crontab": {"minute": "40", "hour": "3"},
        "expire_seconds": 23 * 3600,
        "description": "Daily at 03:40 UTC: flag candidates with no touch and no consent for the retention period, "
                       "erase those an admin did not keep within the grace period, and write the day's report.",
    },
}


def _crontab_fields(spec: dict) -> dict:
    fields = {"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"}
    fields.update(spec)
    return fields


@transaction.atomic
def beat_schedule_load(*, reset: bool = False, using: str = "default") -> list[str]:
    """Create the periodic tasks that are missing (all of them with reset); returns the names written."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    written = []
    for name, job in JOBS.items():
        existing = PeriodicTask.objects.using(using).filter(name=name).first()
        if existing is not None and not reset:
            continue
        crontab, _ = CrontabSchedule.objects.using(using).get_or_create(
            timezone=TIMEZONE, **_crontab_fields(job["crontab"])
        )
        task = existing or PeriodicTask(name=name)
        task.task = job["task"]
        task.crontab = crontab
        task.interval = task.solar = task.clocked = None
        task.expire_seconds = job["expire_seconds"]
        task.description = job["description"]
        task.enabled = True
        task.save(using=using)
        written.append(name)
    return written


def beat_schedule_on_migrate(sender, using: str = "default", **kwargs) -> None:
    """post_migrate hook: a fresh clone gets its periodic jobs with `migrate` alone."""
    beat_schedule_load(using=using)
