from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = "Outreach"

    def ready(self) -> None:
        from candidates.signals import candidate_saved
        from candidates.timeline import register_timeline_source

        from . import history, receivers

        candidate_saved.connect(receivers.keep_schedule_in_step, dispatch_uid="outreach.keep_schedule_in_step")
        register_timeline_source(history.touch_point_entries)
