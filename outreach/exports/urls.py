from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("candidates/export.csv", views.CandidateCSVExportView.as_view(), name="candidates_csv"),
    path("candidates/export.xlsx", views.CandidateXLSXExportView.as_view(), name="candidates_xlsx"),
    path("exports/", views.ExportListView.as_view(), name="list"),
    path("exports/new/", views.ExportRequestView.as_view(), name="request"),
    path("exports/<int:pk>/", views.ExportDetailView.as_view(), name="detail"),
    path("exports/<int:pk>/download/", views.ExportDownloadView.as_view(), name="download"),
]
# Only the person who asked for an export sees it: to anyone else these answer 404.
OWNER_ONLY_ROUTES = {"exports:detail", "exports:download"}
