"""Per-request behaviour for signed-in people: their own timezone, and pages nobody caches."""
import zoneinfo

from django.utils import timezone
from django.utils.cache import add_never_cache_headers


class UserTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
        if profile is not None:
            timezone.activate(zoneinfo.ZoneInfo(str(profile.timezone)))
        else:
            timezone.deactivate()
        return self.get_response(request)


class NoStoreMiddleware:
    """Keep pages with candidate data out of browser and proxy caches.

    Anything that reaches here for a signed-in person is generated for them
    (static files are answered earlier by whitenoise), so none of it may be
    stored: not on a shared computer's disk, not for the back button after
    logging out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
