from django.contrib import admin

from .models import Opening


@admin.register(Opening)
class OpeningAdmin(admin.ModelAdmin):
    list_display = ["title", "team", "status", "pay_currency", "pay_min", "pay_max", "hiring_manager", "opened_at"]
    list_filter = ["status", "team"]
    search_fields = ["title", "team"]
    raw_id_fields = ["hiring_manager", "created_by"]
    readonly_fields = ["created_at", "updated_at"]
