from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("candidates/export.csv", views.CandidateCSVExportView.as_view(), name="candidates_csv"),
    path("candidates/export.xlsx", views.CandidateXLSXExportView.as_view(), name="candidates_xlsx"),
]
