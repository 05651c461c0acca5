"""The site's routes plus pages that fail on purpose, so each error handler can be reached."""
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from nurture.urls import handler400, handler403, handler404, handler500  # noqa: F401
from nurture.urls import urlpatterns as site_urlpatterns


@login_not_required
def bad_request(request):
    raise SuspiciousOperation("a malformed request")


def refused(request):
    # Refused by code that names no permission, unlike PermissionRequiredMixin.
    raise PermissionDenied


@login_not_required
def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    *site_urlpatterns,
    path("failing/bad-request/", bad_request),
    path("failing/refused/", refused),
    path("failing/broken/", broken),
]
