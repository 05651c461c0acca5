"""Routes for the recruiter's settings (timezone and digests) and the digest preview."""
from django.urls import path

from . import action_views, views

urlpatterns = [
    path("settings/", views.MySettingsView.as_view(), name="my_settings"),
    path("digests/preview/", views.DigestPreviewView.as_view(), name="digest_preview"),
    # A digest row's one-click links ("Logged it", "Snooze a week"): a confirmation page, then its POST.
    path("digests/do/<str:token>/", action_views.DigestActionView.as_view(), name="digest_action"),
]
