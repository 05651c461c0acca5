"""Routes of events. PUBLIC_ROUTES are the only ones open without a login (the access test reads it)."""
from django.urls import path

from . import public, views

app_name = "events"

PUBLIC_ROUTES = {"events:rsvp", "events:feed"}

urlpatterns = [
    path("e/<str:token>/", public.rsvp, name="rsvp"),
    path("events/feed/<str:token>/events.ics", public.feed, name="feed"),
    path("events/", views.EventListView.as_view(), name="list"),
    path("events/new/", views.EventCreateView.as_view(), name="create"),
    path("events/calendar/", views.CalendarFeedView.as_view(), name="calendar_feed"),
    path("events/invite/candidates/<int:candidate_pk>/", views.InviteCandidateView.as_view(),
         name="invite_candidate"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="detail"),
    path("events/<int:pk>/edit/", views.EventUpdateView.as_view(), name="update"),
    path("events/<int:pk>/cancel/", views.EventCancelView.as_view(), name="cancel"),
    path("events/<int:pk>/guests.csv", views.EventCsvView.as_view(), name="csv"),
    path("events/<int:pk>/invite/segment/", views.InviteSegmentView.as_view(), name="invite_segment"),
    path("events/<int:pk>/invite/pick/", views.InvitePickView.as_view(), name="invite_pick"),
    path("events/<int:pk>/invite/search/", views.CandidateSearchView.as_view(), name="candidate_search"),
    path("events/<int:pk>/check-in/", views.CheckInView.as_view(), name="check_in"),
    path("events/<int:pk>/check-in/walk-in/", views.WalkInView.as_view(), name="walk_in"),
    path("events/<int:pk>/check-in/<int:invitation_pk>/", views.AttendanceView.as_view(), name="attendance"),
]
