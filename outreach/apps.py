from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = "Outreach"

    def ready(self) -> None:
        from candidates.signals import candidate_saved
        from candidates.timeline import register_timeline_source
        from nurture.metrics import register_metrics_source

        from . import beat_schedule, history, metrics, receivers
        from .dashboard import changes

        candidate_saved.connect(receivers.keep_schedule_in_step, dispatch_uid="outreach.keep_schedule_in_step")
        changes.connect()
        register_timeline_source(history.touch_point_entries)
        register_metrics_source(metrics.digest_metrics)
        register_metrics_source(metrics.beat_metrics)
        # The periodic jobs live in the database scheduler; `migrate` loads them.
        post_migrate.connect(beat_schedule.beat_schedule_on_migrate, sender=self, dispatch_uid="outreach.beat_schedule")
