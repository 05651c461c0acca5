from django.contrib import admin

from .models import Newsletter, NewsletterClick, NewsletterSettings, Series


@admin.register(Newsletter)
class NewsletterAdmin(admin.ModelAdmin):
    list_display = ["subject", "status", "segment", "author", "scheduled_for", "started_at", "finished_at"]
    list_filter = ["status", "topic"]
    search_fields = ["subject"]
    raw_id_fields = ["author", "approved_by", "segment", "series"]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "frequency", "weekday", "hour", "active"]
    raw_id_fields = ["owner", "segment"]


@admin.register(NewsletterClick)
class NewsletterClickAdmin(admin.ModelAdmin):
    list_display = ["newsletter", "candidate", "url", "clicked_at"]
    raw_id_fields = ["newsletter", "email", "candidate"]


admin.site.register(NewsletterSettings)
