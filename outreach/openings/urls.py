from django.urls import path

from . import views

app_name = "openings"

urlpatterns = [
    path("openings/", views.OpeningListView.as_view(), name="list"),
    path("openings/new/", views.OpeningCreateView.as_view(), name="create"),
    path("openings/<int:pk>/", views.OpeningDetailView.as_view(), name="detail"),
    path("openings/<int:pk>/edit/", views.OpeningUpdateView.as_view(), name="update"),
    path("openings/<int:pk>/status/", views.OpeningStatusView.as_view(), name="set_status"),
]
