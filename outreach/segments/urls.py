from django.urls import path

from . import views

app_name = "segments"

urlpatterns = [
    path("segments/", views.SegmentListView.as_view(), name="list"),
    path("segments/new/", views.SegmentCreateView.as_view(), name="create"),
    path("segments/count/", views.SegmentCountView.as_view(), name="count"),
    path("segments/<int:pk>/", views.SegmentDetailView.as_view(), name="detail"),
    path("segments/<int:pk>/edit/", views.SegmentUpdateView.as_view(), name="update"),
    path("segments/<int:pk>/delete/", views.SegmentDeleteView.as_view(), name="delete"),
]
