from django.contrib import admin

from .models import CandidateMerge


@admin.register(CandidateMerge)
class CandidateMergeAdmin(admin.ModelAdmin):
    list_display = ("loser_name", "survivor", "merged_by", "merged_at", "undone_at")
    readonly_fields = [f.name for f in CandidateMerge._meta.fields]

    def has_add_permission(self, request):
        return False  # merges are made on the merge screen
