from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Events: happy hours, meetups, volunteering; invitations with calendars, RSVPs, attendance."""

    name = "outreach.events"
    label = "events"
    verbose_name = "Events"

    def ready(self) -> None:
        from outreach.calendar_feed.registry import register_calendar_source
        from outreach.dashboard.registry import register_dashboard_section

        from . import my_calendar
        from .dashboard import events_section

        # Managers see events held and attendance per quarter on their dashboard.
        register_dashboard_section("events", events_section, tables=["events_by_quarter"])
        # The events a recruiter hosts go in their own calendar feed, beside their check-ins.
        register_calendar_source("hosted_events", version=my_calendar.hosted_version,
                                 components=my_calendar.hosted_components)
