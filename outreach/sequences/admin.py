from django.contrib import admin

from .models import Enrolment, Sequence, Step, StepRun


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    fields = ["position", "kind", "subject", "wait_days", "task_kind", "is_active"]


@admin.register(Sequence)
class SequenceAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "window_start_hour", "window_end_hour", "created_at"]
    inlines = [StepInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["candidate", "sequence", "status", "next_step_at", "stop_reason", "stopped_at"]
    list_filter = ["status", "stop_reason"]
    raw_id_fields = ["candidate", "enrolled_by"]
    list_select_related = ["candidate", "sequence"]


@admin.register(StepRun)
class StepRunAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "step", "kind", "status", "created_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["enrolment", "email", "assignee"]
    list_select_related = ["enrolment__candidate", "enrolment__sequence", "step"]
