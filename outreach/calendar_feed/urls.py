"""Routes of the recruiter's calendar. PUBLIC_ROUTES are open without a login (the access test reads it)."""
from django.urls import path

from . import views

PUBLIC_ROUTES = {"outreach:calendar_feed"}

urlpatterns = [
    path("calendar/<str:token>/nurture.ics", views.calendar_feed, name="calendar_feed"),
    path("settings/calendar/reset/", views.CalendarResetView.as_view(), name="calendar_reset"),
]
