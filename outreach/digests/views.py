"""My settings (timezone and digests) and the preview of my next digest."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView

from ..calendar_feed.services import calendar_subscription_of
from ..calendar_feed.tokens import calendar_https_url, calendar_webcal_url
from ..models import Digest, DigestKind
from .content import (
    MANAGER_DIGEST_WEEKDAY,
    TEMPLATES_BY_KIND,
    daily_digest_content,
    email_context,
    manager_digest_content,
    next_digest_slot,
    profile_zone,
    schedule_label,
)
from .forms import DigestSettingsForm
from .services import digest_settings_update, recruiter_profile_for

TEAM_MEMBER_PERMISSION = "outreach.view_checkinschedule"


class MySettingsView(PermissionRequiredMixin, FormView):
    permission_required = TEAM_MEMBER_PERMISSION
    form_class = DigestSettingsForm
    template_name = "outreach/digests/settings_form.html"
    success_url = reverse_lazy("outreach:my_settings")

    @cached_property
    def profile(self):
        return recruiter_profile_for(user=self.request.user)

    def get_initial(self):
        profile = self.profile
        return {
            "timezone": str(profile.timezone),
            "digest_hour": profile.digest_hour,
            "digest_weekdays": profile.digest_weekdays,
            "digests_enabled": profile.digests_enabled,
        }

    def form_valid(self, form):
        data = form.cleaned_data
        digest_settings_update(
            profile=self.profile, timezone_name=data["timezone"],
            digest_hour=data["digest_hour"], digest_weekdays=data["digest_weekdays"],
            digests_enabled=data["digests_enabled"],
        )
        messages.success(self.request, "Settings saved.")
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = self.profile
        context["profile"] = profile
        context["schedule_label"] = schedule_label(profile)
        calendar = calendar_subscription_of(user=self.request.user)
        if calendar is not None:
            context["calendar_https_url"] = calendar_https_url(calendar)
            context["calendar_webcal_url"] = calendar_webcal_url(calendar)
        if profile.digests_enabled:
            context["next_slot"] = next_digest_slot(
                now=timezone.now(), hour=profile.digest_hour, weekdays=profile.digest_weekdays or [],
                zone=profile_zone(profile),
            )
        return context


class DigestPreviewView(PermissionRequiredMixin, TemplateView):
    """The next digest as the email will show it, built from today's data."""

    permission_required = TEAM_MEMBER_PERMISSION
    template_name = "outreach/digests/digest_preview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        profile = recruiter_profile_for(user=user)
        zone = profile_zone(profile)
        now = timezone.now()
        is_manager = user.has_perm("candidates.view_team_dashboard")
        kind = self.request.GET.get("kind")
        kind = DigestKind.MANAGER_WEEKLY if kind == DigestKind.MANAGER_WEEKLY and is_manager else DigestKind.DAILY
        weekdays = [MANAGER_DIGEST_WEEKDAY] if kind == DigestKind.MANAGER_WEEKLY else (profile.digest_weekdays or [])
        slot = next_digest_slot(now=now, hour=profile.digest_hour, weekdays=weekdays, zone=zone)
        context.update(
            kind=kind, is_manager=is_manager, profile=profile, slot=slot, zone=zone,
            recent_digests=Digest.objects.filter(recipient=user).order_by("-local_date", "-id")[:5],
        )
        if slot is None:
            return context
        # As the email will be at send time if nothing changes before then.
        as_of = max(now, slot)
        local_date = slot.astimezone(zone).date()
        if kind == DigestKind.DAILY:
            content = daily_digest_content(recipient=user, local_date=local_date, now=as_of)
        else:
            content = manager_digest_content(recipient=user, local_date=local_date, now=as_of)
        if content is not None:
            # The email's own body template, so the preview cannot drift from what is sent.
            context.update(email_context(kind=kind, content=content, recipient=user, local_date=local_date))
            context["body_template"] = f"{TEMPLATES_BY_KIND[kind]}_body.html".replace("emails/", "emails/_")
        return context
