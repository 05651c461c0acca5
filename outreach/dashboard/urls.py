"""Routes for the manager dashboard (joined into the "outreach" namespace by outreach/urls.py)."""
from django.urls import path

from .views import DashboardCsvView, DashboardView

urlpatterns = [
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    # Same query string as the page, so a download matches what is on screen.
    path("dashboard/<slug:table>.csv", DashboardCsvView.as_view(), name="dashboard_csv"),
]
