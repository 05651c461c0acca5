from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Events: happy hours, meetups, volunteering; invitations with calendars, RSVPs, attendance."""

    name = "outreach.events"
    label = "events"
    verbose_name = "Events"

    def ready(self) -> None:
        from outreach.dashboard.registry import register_dashboard_section

        from .dashboard import events_section

        # Managers see events held and attendance per quarter on their dashboard.
        register_dashboard_section("events", events_section, tables=["events_by_quarter"])
