from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API under /api/v1/: personal tokens, the same role rules as the pages, OpenAPI docs."""

    name = "outreach.api"
    label = "api"
    verbose_name = "REST API"

    def ready(self) -> None:
        from outreach.api_registry import register_viewset

        from . import schema  # noqa: F401 - registers the token scheme with drf-spectacular

        # The core's and candidates' endpoints; nested apps register theirs the same way.
        for prefix, viewset in [
            ("candidates", "outreach.api.viewsets.CandidateViewSet"),
            ("touch-points", "outreach.api.viewsets.TouchPointViewSet"),
            ("interviews", "outreach.api.viewsets.InterviewViewSet"),
            ("scorecards", "outreach.api.viewsets.ScorecardViewSet"),
            ("schedules", "outreach.api.viewsets.ScheduleViewSet"),
            ("career-updates", "outreach.api.viewsets.CareerUpdateViewSet"),
        ]:
            register_viewset(prefix, viewset)
