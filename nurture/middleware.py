"""Per-request behaviour for signed-in people: their own timezone, and pages nobody caches."""
import zoneinfo

from django.utils import timezone
from django.utils.cache import add_never_cache_headers


class UserTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
        zone = zoneinfo.ZoneInfo(str(profile.timezone)) if profile is not None else None
        # override, not activate: the zone ends with the request instead of staying on the thread
        # for whatever it runs next (the next request's anonymous pages, a test, a thread-pool task).
        with timezone.override(zone):
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
