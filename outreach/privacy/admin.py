"""Admins log requests here; the list shows the open ones, soonest due first, with what is late."""
import datetime as dt

from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from .access import access_export
from .models import DataRequest, Erasure, RequestKind, RetentionReview, RetentionRun, RetentionSettings

DUE_SOON_DAYS = 7


class DueFilter(admin.SimpleListFilter):
    title = "due"
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("late", "Overdue"), ("soon", f"Due within {DUE_SOON_DAYS} days"), ("open", "All open"),
                ("done", "Done")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "late":
            return queryset.filter(completed_on__isnull=True, due_on__lt=today)
        if self.value() == "soon":
            return queryset.filter(completed_on__isnull=True, due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
        if self.value() == "open":
            return queryset.filter(completed_on__isnull=True)
        if self.value() == "done":
            return queryset.filter(completed_on__isnull=False)
        return queryset


@admin.register(DataRequest)
class DataRequestAdmin(admin.ModelAdmin):
    list_display = ("__str__", "candidate", "kind", "received_on", "due_on", "days_left_shown", "completed_on")
    list_filter = (DueFilter, "kind")
    readonly_fields = ("due_on", "logged_by", "created_at")
    raw_id_fields = ("candidate",)
    actions = ["download_access_export", "erase_candidate", "mark_done"]

    @admin.display(description="Days left")
    def days_left_shown(self, obj: DataRequest) -> str:
        if obj.completed_on:
            return "done"
        return f"{obj.days_left} (late)" if obj.days_left < 0 else str(obj.days_left)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.logged_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Download the access export (ZIP) of the selected request")
    def download_access_export(self, request, queryset):
        chosen = list(queryset.select_related("candidate")[:2])
        if len(chosen) != 1 or chosen[0].kind != RequestKind.ACCESS or chosen[0].candidate is None:
            self.message_user(request, "Select one access request with its candidate.", messages.WARNING)
            return None
        candidate = chosen[0].candidate
        response = HttpResponse(access_export(candidate=candidate), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="access-export-{candidate.pk}.zip"'
        return response

    @admin.action(description="Mark the selected requests done today")
    def mark_done(self, request, queryset):
        done = queryset.filter(completed_on__isnull=True).update(completed_on=timezone.localdate())
        self.message_user(request, f"{done} request(s) marked done.")

    @admin.action(description="Erase the candidate of the selected erasure request…")
    def erase_candidate(self, request, queryset):
        # The confirmation page shows what goes and asks once more; the erasure happens there.
        chosen = list(queryset[:2])
        if len(chosen) != 1 or chosen[0].kind != RequestKind.ERASURE or chosen[0].candidate_id is None:
            self.message_user(request, "Select one erasure request with its candidate.", messages.WARNING)
            return None
        return redirect("privacy:erase", pk=chosen[0].pk)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the erasure and the retention job only; admins read them (and act on the privacy page)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "via", "erased_by", "erased_at")
    list_filter = ("via",)


@admin.register(RetentionReview)
class RetentionReviewAdmin(ReadOnlyAdmin):
    list_display = ("candidate", "status", "reason", "flagged_on", "erase_on", "kept_until", "kept_by")
    list_filter = ("status",)
    list_select_related = ("candidate", "kept_by")


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    list_display = ("ran_on", "flagged", "erased", "kept", "cleared", "finished_at")


@admin.register(RetentionSettings)
class RetentionSettingsAdmin(admin.ModelAdmin):
    """One row: the list opens it straight away."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return redirect("admin:privacy_retentionsettings_change", RetentionSettings.current().pk)
