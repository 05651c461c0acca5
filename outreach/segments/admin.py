from django.contrib import admin

from .models import Segment


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "shared", "updated_at"]
    list_filter = ["shared"]
    search_fields = ["name", "description"]
    raw_id_fields = ["owner"]
    filter_horizontal = ["candidate_owners"]
