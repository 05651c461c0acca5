from django.contrib import admin

from .models import Feed, FeedItem


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ("url", "candidate", "followed_by", "last_fetched_at", "failures", "last_error", "next_fetch_at")
    list_filter = ("failures",)
    search_fields = ("url", "candidate__full_name")
    raw_id_fields = ("candidate", "followed_by")
    readonly_fields = ("etag", "last_modified", "last_fetched_at", "failing_since", "last_error")


@admin.register(FeedItem)
class FeedItemAdmin(admin.ModelAdmin):
    list_display = ("title", "feed", "published_at", "found_at")
    search_fields = ("title", "feed__url")
    raw_id_fields = ("feed",)
