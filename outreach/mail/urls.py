"""Routes of candidate email. PUBLIC_ROUTES are the only ones open without a login (the access test reads it)."""
from django.urls import path

from . import inbound_webhook, public, views, webhooks

app_name = "mail"

# Open to anyone: the signed links in emails, and the provider's webhook (its own secret).
PUBLIC_ROUTES = {"mail:unsubscribe", "mail:preferences", "mail:postmark_tracking", "mail:postmark_inbound"}

urlpatterns = [
    path("u/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("email-preferences/<str:token>/", public.preference_centre, name="preferences"),
    path("mail/webhooks/postmark/tracking/", webhooks.PostmarkTracking.as_view(), name="postmark_tracking"),
    path("mail/webhooks/postmark/inbound/", inbound_webhook.PostmarkInbound.as_view(), name="postmark_inbound"),
    path("mail/candidates/<int:candidate_pk>/write/", views.PersonalComposeView.as_view(), name="compose"),
    path("mail/candidates/<int:candidate_pk>/preview/", views.PreviewView.as_view(), name="preview"),
    path("mail/candidates/<int:candidate_pk>/consent/", views.ConsentView.as_view(), name="consent"),
    path("mail/feedback/<int:feedback_pk>/write/", views.FeedbackComposeView.as_view(), name="feedback_compose"),
    path("mail/feedback/<int:feedback_pk>/preview/", views.FeedbackPreviewView.as_view(), name="feedback_preview"),
    path("mail/emails/<int:pk>/", views.EmailDetailView.as_view(), name="email_detail"),
    path("mail/emails/<int:pk>/html/", views.EmailHtmlView.as_view(), name="email_html"),
    path("mail/templates/", views.TemplateListView.as_view(), name="template_list"),
    path("mail/templates/new/", views.TemplateCreateView.as_view(), name="template_create"),
    path("mail/templates/<int:pk>/", views.TemplateUpdateView.as_view(), name="template_update"),
]
