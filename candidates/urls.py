from django.urls import path

from . import views

app_name = "candidates"

urlpatterns = [
    path("", views.CandidateListView.as_view(), name="list"),
    path("new/", views.CandidateCreateView.as_view(), name="create"),
    path("owners/", views.OwnerSearchView.as_view(), name="owner_search"),
    path("<int:pk>/", views.CandidateDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.CandidateUpdateView.as_view(), name="update"),
    path("<int:pk>/interviews/new/", views.InterviewLogView.as_view(), name="interview_create"),
    path(
        "<int:pk>/interviews/<int:interview_pk>/feedback/new/",
        views.FeedbackCreateView.as_view(),
        name="feedback_create",
    ),
    path("<int:pk>/career/new/", views.CareerUpdateCreateView.as_view(), name="career_create"),
]
