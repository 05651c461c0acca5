from django.contrib import admin

from .models import CheckInSchedule, TouchPoint


@admin.register(TouchPoint)
class TouchPointAdmin(admin.ModelAdmin):
    list_display = ("candidate", "kind", "direction", "occurred_at", "author")
    list_filter = ("kind", "direction")
    list_select_related = ("candidate", "author")
    raw_id_fields = ("candidate", "author")
    date_hierarchy = "occurred_at"
    show_full_result_count = False


@admin.register(CheckInSchedule)
class CheckInScheduleAdmin(admin.ModelAdmin):
    list_display = ("candidate", "cadence_days", "preferred_channel", "last_touch_at", "next_due_at", "paused")
    list_filter = ("paused", "preferred_channel", "cadence_days")
    list_select_related = ("candidate",)
    raw_id_fields = ("candidate",)
    show_full_result_count = False
