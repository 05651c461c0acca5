from django.apps import AppConfig


class SignalsConfig(AppConfig):
    """Re-approach signals: when the reason a candidate got away no longer holds, and who to contact today.

    It reads the openings app (a role is what resolves most reasons) and the core; other apps
    add what counts as warming up through outreach.signal_sources.
    """

    name = "outreach.signals"
    label = "signals"
    verbose_name = "Re-approach signals"
