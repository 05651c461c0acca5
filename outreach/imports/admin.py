from django.contrib import admin

from .models import ImportMapping, ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("filename", "created_by", "status", "total_rows", "created_count", "updated_count",
                    "error_count", "created_at")
    list_filter = ("status",)
    exclude = ("source",)
    readonly_fields = [f.name for f in ImportRun._meta.fields if f.name != "source"]

    def has_add_permission(self, request):
        return False  # imports start from the upload page, never from here


@admin.register(ImportMapping)
class ImportMappingAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "created_at")
