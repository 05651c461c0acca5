from django.contrib import admin

from .models import Signal, SignalRun


@admin.register(Signal)
class SignalAdmin(admin.ModelAdmin):
    """Read-only: the job writes signals, recruiters dismiss or act on them from their pages."""

    list_display = ["candidate", "kind", "score", "state", "detected_at", "closed_at"]
    list_filter = ["state", "kind"]
    search_fields = ["candidate__full_name", "reason"]
    raw_id_fields = ["candidate", "opening", "closed_by"]
    readonly_fields = [field.name for field in Signal._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SignalRun)
class SignalRunAdmin(admin.ModelAdmin):
    """Each pass of the signal job, for whoever wonders whether it runs."""

    list_display = ["started_at", "finished_at", "full", "since", "found", "removed"]
    list_filter = ["full"]
    readonly_fields = [field.name for field in SignalRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
