"""Idle sessions expire, without writing the session on every page view.

Django can push a session's expiry forward on every request (SESSION_SAVE_EVERY_REQUEST), but
that is an UPDATE and a commit per page view for a timeout measured in hours. Here a signed-in
session is re-saved (so its expiry moves to SESSION_COOKIE_AGE from now) only once
SESSION_REFRESH_SECONDS have passed since it was last saved. A session therefore ends between
SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS and SESSION_COOKIE_AGE after the last request.
"""
from django.conf import settings
from django.utils import timezone

# When this session's expiry was last pushed forward, as a Unix timestamp.
REFRESHED_AT = "_refreshed_at"


def session_stamp(session) -> None:
    session[REFRESHED_AT] = int(timezone.now().timestamp())


def session_stamp_on_login(sender, request, user, **kwargs) -> None:
    """login() saves the session with a fresh expiry; note when, so the next pages need not."""
    session_stamp(request.session)


class SessionRefreshMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and request.user.is_authenticated:
            refreshed_at = session.get(REFRESHED_AT, 0)
            if session.modified or timezone.now().timestamp() - refreshed_at >= settings.SESSION_REFRESH_SECONDS:
                # Marks the session modified, so SessionMiddleware saves it on the way out.
                session_stamp(session)
        return response
