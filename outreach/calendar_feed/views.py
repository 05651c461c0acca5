"""The calendar feed a recruiter's calendar app polls (no login: the secret link is the key),
and the "reset link" button in My settings.

The feed is a GET only, rate-limited per address like the other public links, and a wrong or
reset token is the site's plain 404, the same for every bad token. A calendar app asks again
every few hours with If-None-Match: the ETag comes from one aggregate query per source, so an
unchanged calendar is a 304 without building anything.
"""
import datetime as dt
import email.utils

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.views import View
from django.views.decorators.http import require_GET

from ..ratelimit import rate_limited
from .ics import Window, feed_ics, feed_version, user_zone
from .services import calendar_subscription_of, calendar_subscription_reset
from .tokens import read_calendar_token


def _caching_headers(response, *, etag: str, modified) -> None:
    response["ETag"] = etag
    if modified:
        response["Last-Modified"] = email.utils.format_datetime(modified.astimezone(dt.UTC), usegmt=True)
    # Private (the link is a secret), and asked again each time, cheaply, with the ETag.
    response["Cache-Control"] = "private, no-cache"


@login_not_required
@require_GET
@rate_limited("calendar-feed")
def calendar_feed(request, token: str):
    subscription = read_calendar_token(token)
    if subscription is None:
        raise Http404("No such calendar.")
    user = subscription.user
    window = Window.around(timezone.now(), user_zone(user))
    etag, modified = feed_version(user=user, key=subscription.key, window=window)
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(modified.timestamp()) if modified else None)
    if not_modified is not None:
        _caching_headers(not_modified, etag=etag, modified=modified)
        return not_modified
    response = HttpResponse(feed_ics(user=user, window=window), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="nurture.ics"'
    _caching_headers(response, etag=etag, modified=modified)
    return response


class CalendarResetView(PermissionRequiredMixin, View):
    """My settings → "Make my calendar link", later "Reset link": a new secret each time, so
    calendars on the old link stop updating."""

    permission_required = "outreach.view_checkinschedule"
    http_method_names = ["post"]

    def post(self, request):
        had_one = calendar_subscription_of(user=request.user) is not None
        calendar_subscription_reset(user=request.user)
        if had_one:
            messages.success(request, "Made a new calendar link; the old one no longer works. "
                                      "Subscribe again with the new one.")
        else:
            messages.success(request, "Your calendar link is ready: subscribe to it in your calendar app.")
        return redirect(f"{reverse('outreach:my_settings')}#my-calendar")
