from django.contrib import admin

from .models import (
    EmailPreferences,
    EmailTemplate,
    InboundEmail,
    MailEvent,
    MailSettings,
    OutboundEmail,
    Suppression,
)
from .services import outbound_email_retry


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """Every candidate email, its status and last error: where a failed or suppressed send shows up."""

    list_display = ("created_at", "kind", "to_email", "subject", "status", "suppressed_reason", "attempts", "sent_at")
    list_filter = ("status", "kind", "suppressed_reason")
    list_select_related = ("candidate",)
    search_fields = ("to_email", "subject", "message_id", "provider_message_id")
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["send_again"]
    readonly_fields = [field.name for field in OutboundEmail._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # written by the compose pages and bulk sends, never by hand

    @admin.action(description="Send the selected failed emails again", permissions=["change"])
    def send_again(self, request, queryset):
        count = sum(outbound_email_retry(email=email) for email in queryset)
        self.message_user(request, f"{count} failed email(s) queued to send again.")


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    """Addresses never written to again. An admin may add one, or lift one after a mailbox is fixed."""

    list_display = ("email", "reason", "created_at", "note")
    list_filter = ("reason",)
    search_fields = ("email",)


@admin.register(MailEvent)
class MailEventAdmin(admin.ModelAdmin):
    list_display = ("occurred_at", "provider", "kind", "recipient", "description")
    list_filter = ("kind", "provider")
    search_fields = ("recipient", "event_key")
    readonly_fields = [field.name for field in MailEvent._meta.fields]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False  # recorded from the provider's webhooks only


@admin.register(EmailPreferences)
class EmailPreferencesAdmin(admin.ModelAdmin):
    list_display = ("candidate", "frequency", "paused_until", "unsubscribed_at", "lawful_basis",
                    "privacy_notice_sent_at")
    list_filter = ("frequency", "lawful_basis")
    list_select_related = ("candidate",)
    search_fields = ("candidate__full_name", "candidate__email")
    # What the candidate chose is theirs to change (in the preference centre), not ours.
    readonly_fields = ("candidate", "link_key", "unsubscribed_topics", "frequency", "paused_until",
                       "open_to_opportunities_from", "unsubscribed_at", "privacy_notice_sent_at")

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "subject", "updated_at", "updated_by")
    search_fields = ("name", "subject")
    readonly_fields = ("updated_by",)


@admin.register(MailSettings)
class MailSettingsAdmin(admin.ModelAdmin):
    """The team's contact cap: one row, edited here (deleting it brings the defaults back)."""

    list_display = ("__str__", "contact_cap", "contact_window_days")

    def has_add_permission(self, request) -> bool:
        return not MailSettings.objects.exists()


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    """Every email that came in, with how it was matched; rejected ones say why. Written by the system only."""

    list_display = ["received_at", "kind", "from_email", "subject", "candidate", "matched_by", "forward_status"]
    list_filter = ["kind", "matched_by", "forward_status", "source"]
    search_fields = ["from_email", "subject", "message_id"]
    raw_id_fields = ["candidate", "reply_to_email"]
    list_select_related = ["candidate"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
