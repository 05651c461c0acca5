from django.urls import path

from . import views

app_name = "duplicates"

urlpatterns = [
    path("duplicates/", views.DuplicateListView.as_view(), name="list"),
    path("duplicates/merge/", views.MergeView.as_view(), name="merge"),
    path("duplicates/merges/<int:pk>/", views.MergeDetailView.as_view(), name="merge_detail"),
    path("duplicates/merges/<int:pk>/undo/", views.MergeUndoView.as_view(), name="merge_undo"),
]
