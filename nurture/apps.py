from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class NurtureConfig(AppConfig):
    """The project itself: wiring that belongs to no one app."""

    name = "nurture"
    verbose_name = "Nurture"

    def ready(self) -> None:
        from .sessions import session_stamp_on_login

        user_logged_in.connect(session_stamp_on_login, dispatch_uid="nurture.session_stamp_on_login")
