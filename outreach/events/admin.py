from django.contrib import admin

from .models import CalendarFeed, Event, Invitation


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "timezone", "status", "sequence", "capacity"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    readonly_fields = ["uid", "sequence"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["candidate", "event", "answer", "attendance", "invited_by", "answered_at"]
    list_filter = ["answer", "attendance"]
    raw_id_fields = ["candidate", "event"]
    exclude = ["key"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    exclude = ["key"]
