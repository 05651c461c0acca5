"""Per-request behaviour: addresses no page accepts, and for signed-in people their own
timezone and pages nobody caches."""
import zoneinfo

from django.http import HttpResponseBadRequest
from django.template import TemplateDoesNotExist, loader
from django.utils import timezone
from django.utils.cache import add_never_cache_headers


def bad_request_page(request, reason: str) -> HttpResponseBadRequest:
    """The site's 400 page in its layout, told why (as `reason`); without one, the reason as plain text."""
    try:
        template = loader.get_template("errors/400.html")
    except TemplateDoesNotExist:
        return HttpResponseBadRequest(f"Bad request (400). {reason}", content_type="text/plain; charset=utf-8")
    return HttpResponseBadRequest(template.render({"reason": reason}, request))


class RejectNulMiddleware:
    """Answer 400 to an address holding a NUL character (%00), in its path or query string.

    PostgreSQL cannot store or compare text with a NUL in it, so a search for "%00" failed
    inside the database, a 500. No page has a use for one; refusing it here, before any
    view runs, covers every parameter of every view, its name as well as its value. (Form
    fields refuse NUL in posted text themselves, with an inline error.)
    """

    REASON = "The address contains a NUL character (%00), which no page accepts."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in name or any("\x00" in value for value in values) for name, values in request.GET.lists()
        ):
            return bad_request_page(request, self.REASON)
        return self.get_response(request)


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
