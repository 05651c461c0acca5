from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = "Candidates"

    def ready(self) -> None:
        from . import history
        from .roles import ensure_role_groups
        from .timeline import register_timeline_source

        # Groups need the permissions rows, which Django creates in post_migrate.
        post_migrate.connect(ensure_role_groups, dispatch_uid="candidates.ensure_role_groups")
        for source in (history.stage_change_entries, history.interview_entries, history.career_entries):
            register_timeline_source(source)
