"""The Celery app. Configuration lives in Django settings under the CELERY_ namespace.

Broker: Redis when REDIS_URL is set; otherwise kombu's filesystem transport
under var/broker, so `make run` (web + `celery worker -B`) works on a laptop
with no server installed.

Exactly one beat process, always. Beat is the clock: each running copy would
enqueue every periodic job again. The jobs are idempotent (the digest unique
constraint and claim make a duplicate harmless), but two beats still double
the work and race on the database scheduler's last_run_at bookkeeping. Locally
the single worker runs with -B; in production run one `celery beat` process
(or one worker with -B) and scale the plain workers separately.
"""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nurture.settings.local")

app = Celery("nurture")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Concept packages and nested apps keep their tasks beside their services: tasks.py holds what
# services enqueue, jobs.py the periodic jobs that call those services, so neither imports the other.
app.autodiscover_tasks(["outreach.digests"])
app.autodiscover_tasks(["outreach.mail"], related_name="jobs")
app.autodiscover_tasks(["outreach.newsletters"], related_name="jobs")
app.autodiscover_tasks(["outreach.webhooks"], related_name="jobs")
app.autodiscover_tasks(["outreach.exports"], related_name="jobs")


@app.on_after_finalize.connect
def _log_each_task(sender: Celery, **kwargs) -> None:
    # One log line and one metrics tick per finished task (nurture/task_log.py), once Django is set up.
    from . import task_log  # noqa: F401, PLC0415 - connects its signal handlers on import


@app.on_after_configure.connect
def _make_filesystem_broker_dirs(sender: Celery, **kwargs) -> None:
    # The filesystem transport expects its folders to exist.
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            os.makedirs(options[key], exist_ok=True)
