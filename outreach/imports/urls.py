from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("imports/", views.ImportListView.as_view(), name="list"),
    path("imports/new/", views.ImportCreateView.as_view(), name="create"),
    path("imports/<int:pk>/", views.ImportDetailView.as_view(), name="detail"),
    path("imports/<int:pk>/columns/", views.ImportMappingView.as_view(), name="mapping"),
    path("imports/<int:pk>/confirm/", views.ImportConfirmView.as_view(), name="confirm"),
    path("imports/<int:pk>/progress/", views.ImportProgressView.as_view(), name="progress"),
    path("imports/<int:pk>/preview.csv", views.ImportPreviewCSVView.as_view(), name="preview_csv"),
    path("imports/<int:pk>/undo/", views.ImportUndoView.as_view(), name="undo"),
]
