"""Routes for digests, the recruiter's digest settings and the health check."""
from django.urls import path

from . import digest_views

urlpatterns = [
    path("settings/", digest_views.MySettingsView.as_view(), name="my_settings"),
    path("digests/preview/", digest_views.DigestPreviewView.as_view(), name="digest_preview"),
    path("healthz", digest_views.healthz, name="healthz"),
]
