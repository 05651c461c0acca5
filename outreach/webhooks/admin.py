from django.contrib import admin

from .models import WebhookDelivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ("url", "description", "is_active", "failed_in_a_row", "created_at")
    exclude = ("secret",)  # shown once, to the admin who made it, on the webhooks page
    readonly_fields = ("created_by", "failed_in_a_row", "disabled_at", "disabled_reason")

    def has_add_permission(self, request):
        return False  # made in Settings → Webhooks, where the secret is shown


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("event", "endpoint", "status", "attempts", "response_status", "next_attempt_at")
    list_filter = ("status",)
    list_select_related = ("event", "endpoint")
    readonly_fields = [field.name for field in WebhookDelivery._meta.fields]

    def has_add_permission(self, request):
        return False
