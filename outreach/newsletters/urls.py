"""Routes of newsletters. PUBLIC_ROUTES are the only ones open without a login (the access test reads it)."""
from django.urls import path

from . import public, views

app_name = "newsletters"

PUBLIC_ROUTES = {"newsletters:click", "newsletters:open"}

urlpatterns = [
    path("n/c/<str:token>/", public.click, name="click"),
    path("n/o/<str:token>/", public.opened, name="open"),
    path("newsletters/", views.NewsletterListView.as_view(), name="list"),
    path("newsletters/new/", views.NewsletterCreateView.as_view(), name="create"),
    path("newsletters/<int:pk>/", views.NewsletterDetailView.as_view(), name="detail"),
    path("newsletters/<int:pk>/edit/", views.NewsletterUpdateView.as_view(), name="update"),
    path("newsletters/<int:pk>/preview/", views.PreviewView.as_view(), name="preview"),
    path("newsletters/<int:pk>/test/", views.TestSendView.as_view(), name="test_send"),
    path("newsletters/<int:pk>/schedule/", views.ScheduleView.as_view(), name="schedule"),
    path("newsletters/<int:pk>/unschedule/", views.UnscheduleView.as_view(), name="unschedule"),
    path("newsletters/<int:pk>/pause/", views.PauseView.as_view(), name="pause"),
    path("newsletters/<int:pk>/resume/", views.ResumeView.as_view(), name="resume"),
    path("newsletters/<int:pk>/cancel/", views.CancelView.as_view(), name="cancel"),
    path("newsletters/<int:pk>/retry-failed/", views.RetryFailedView.as_view(), name="retry_failed"),
    path("newsletters/<int:pk>/progress/", views.ProgressView.as_view(), name="progress"),
    path("newsletters/series/", views.SeriesListView.as_view(), name="series_list"),
    path("newsletters/series/new/", views.SeriesCreateView.as_view(), name="series_create"),
    path("newsletters/series/<int:pk>/", views.SeriesDetailView.as_view(), name="series_detail"),
]
