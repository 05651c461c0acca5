from django.contrib import admin

from .models import CandidateExport


@admin.register(CandidateExport)
class CandidateExportAdmin(admin.ModelAdmin):
    list_display = ("requested_by", "format", "status", "rows", "created_at", "expires_at")
    list_filter = ("status", "format")
    list_select_related = ("requested_by",)
    readonly_fields = [field.name for field in CandidateExport._meta.fields]

    def has_add_permission(self, request):
        return False  # asked for from the candidate list
