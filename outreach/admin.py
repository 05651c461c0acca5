from django import forms
from django.contrib import admin
from django.utils import timezone

from candidates.dates import PLANNED

from .digests.services import digest_retry
from .models import CheckInSchedule, Digest, SchedulerHeartbeat, TouchPoint
from .single_beat import LEADER, SEEN_EVERY, STANDBY


@admin.register(TouchPoint)
class TouchPointAdmin(admin.ModelAdmin):
    list_display = ("candidate", "kind", "direction", "occurred_at", "author")
    list_filter = ("kind", "direction")
    list_select_related = ("candidate", "author")
    raw_id_fields = ("candidate", "author")
    date_hierarchy = "occurred_at"
    show_full_result_count = False


class CheckInScheduleAdminForm(forms.ModelForm):
    """Next due and snoozed until are plans, so a new value must fall in the PLANNED window.

    Only a changed value is checked: one kept as it was may well lie in the past (that is
    what overdue means, and what an ended snooze looks like). The other dates are things
    that happened; their model fields bring the HAPPENED window."""

    PLANS = ("next_due_at", "snoozed_until")

    def clean(self):
        cleaned = super().clean()
        for name in self.PLANS:
            if name in self.changed_data and (error := PLANNED.error(cleaned.get(name))):
                self.add_error(name, error)
        return cleaned


@admin.register(CheckInSchedule)
class CheckInScheduleAdmin(admin.ModelAdmin):
    form = CheckInScheduleAdminForm
    list_display = ("candidate", "cadence_days", "preferred_channel", "last_touch_at", "next_due_at", "paused")
    list_filter = ("paused", "preferred_channel", "cadence_days")
    list_select_related = ("candidate",)
    # Each candidate gets its schedule when it is created (candidate_create), with copies of its
    # owner and tier kept in step when the candidate is saved: those are edited on the candidate.
    readonly_fields = ("candidate", "owner", "tier")
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    """Every digest, its status and the last error: where a failed send shows up."""

    list_display = ("local_date", "recipient", "kind", "status", "overdue_count", "due_today_count", "attempts",
                    "sent_at", "short_error")
    list_filter = ("status", "kind", "local_date")
    list_select_related = ("recipient",)
    search_fields = ("recipient__username", "recipient__email", "last_error")
    date_hierarchy = "local_date"
    show_full_result_count = False
    actions = ["send_again"]
    readonly_fields = [field.name for field in Digest._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # digests are made by the queueing job, never by hand

    @admin.display(description="Last error")
    def short_error(self, digest: Digest) -> str:
        return digest.last_error[:80]

    @admin.action(description="Send the selected failed digests again")
    def send_again(self, request, queryset):
        count = sum(digest_retry(digest=digest) for digest in queryset)
        self.message_user(request, f"{count} failed digest(s) queued to send again.")


@admin.register(SchedulerHeartbeat)
class SchedulerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "holder", "beat_at", "meaning")
    readonly_fields = ("name", "holder", "beat_at", "meaning")

    @admin.display(description="What it means")
    def meaning(self, row) -> str:
        if row.name == STANDBY:
            recent = timezone.now() - row.beat_at < 3 * SEEN_EVERY
            return ("A second beat is running and standing by (it publishes nothing): stop it, only one beat "
                    "should run." if recent else "A second beat stood by here earlier; it is no longer running.")
        if row.name == LEADER:
            return "The beat that publishes the periodic jobs."
        return "Last time a beat-published task reached a worker."

    def has_add_permission(self, request) -> bool:
        return False
