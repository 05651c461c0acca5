"""Routes for the recruiter's settings (timezone and digests) and the digest preview."""
from django.urls import path

from . import views

urlpatterns = [
    path("settings/", views.MySettingsView.as_view(), name="my_settings"),
    path("digests/preview/", views.DigestPreviewView.as_view(), name="digest_preview"),
]
