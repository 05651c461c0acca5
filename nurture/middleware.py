"""Render every date and time in the signed-in recruiter's own timezone."""
import zoneinfo

from django.utils import timezone


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
