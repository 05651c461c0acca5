"""Login throttling that only watches logins made over HTTP."""
from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, skipped when there is no request to key it on.

    Every login through the site passes its request, so every attempt a person
    (or a script) makes from outside is counted. Calls without one, such as the
    test client's login() or a shell, have no address to lock and would
    otherwise be refused outright.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
