from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .metrics import metrics_view

urlpatterns = [
    path("", include("outreach.urls")),
    path("candidates/", include("candidates.urls")),
    path("", include("outreach.mail.urls")),
    path("", include("outreach.segments.urls")),
    path("", include("outreach.sequences.urls")),
    path("", include("outreach.imports.urls")),
    path("", include("outreach.duplicates.urls")),
    path("", include("outreach.exports.urls")),
    path("", include("outreach.api.urls")),
    path("", include("outreach.newsletters.urls")),
    path("", include("outreach.events.urls")),
    path("", include("outreach.openings.urls")),
    path("", include("outreach.webhooks.urls")),
    path("", include("outreach.watch.urls")),
    path("", include("outreach.privacy.urls")),
    path("", include("outreach.signals.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    # For the operator's Prometheus: a token or this machine only (nurture/metrics.py).
    path("metrics", metrics_view, name="metrics"),
]

# Error pages in the app's own layout (nurture/errors.py); a refused form is CSRF_FAILURE_VIEW.
handler400 = "nurture.errors.bad_request"
handler403 = "nurture.errors.permission_denied"
handler404 = "nurture.errors.page_not_found"
handler500 = "nurture.errors.server_error"
