from django.apps import AppConfig


class SignalsConfig(AppConfig):
    """Re-approach signals: when the reason a candidate got away no longer holds, and who to contact today.

    It reads the openings app (a role is what resolves most reasons) and the core; other apps
    add what counts as warming up through outreach.signal_sources.
    """

    name = "outreach.signals"
    label = "signals"
    verbose_name = "Re-approach signals"

    def ready(self) -> None:
        from outreach.checkin_sections import register_checkin_section
        from outreach.digests.registry import register_digest_section
        from outreach.touch_signals import touch_point_logged

        from . import digest, services
        from .ranking import contact_today

        # Before the due lists: who to contact today, and why.
        register_checkin_section("contact_today", contact_today, title="Who to contact today",
                                 template="signals/_contact_today.html", order=0)
        register_digest_section("contact_today", digest.top_five_rows, title="Who to contact today",
                                summary=digest.summary, template_html="signals/_digest_section.html",
                                template_txt="signals/_digest_section.txt")
        # Getting in touch answers the candidate's signals.
        touch_point_logged.connect(services.on_touch_point, dispatch_uid="signals.on_touch_point")
