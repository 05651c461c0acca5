from django.urls import path

from . import views

app_name = "sequences"

urlpatterns = [
    path("sequences/", views.SequenceListView.as_view(), name="list"),
    path("sequences/new/", views.SequenceCreateView.as_view(), name="create"),
    path("sequences/enrol/", views.EnrolCandidatesView.as_view(), name="enrol_candidates"),
    path("sequences/<int:pk>/", views.SequenceDetailView.as_view(), name="detail"),
    path("sequences/<int:pk>/edit/", views.SequenceUpdateView.as_view(), name="update"),
    path("sequences/<int:pk>/steps/new/", views.StepCreateView.as_view(), name="step_create"),
    path("sequences/<int:sequence_pk>/steps/<int:pk>/", views.StepUpdateView.as_view(), name="step_update"),
    path("sequences/<int:sequence_pk>/steps/<int:pk>/remove/", views.StepRemoveView.as_view(), name="step_remove"),
    path("sequences/<int:pk>/enrol-segment/", views.EnrolSegmentView.as_view(), name="enrol_segment"),
    path("sequences/enrolments/<int:pk>/<str:action>/", views.EnrolmentStopView.as_view(), name="enrolment_stop"),
    path("sequences/tasks/<int:pk>/<str:action>/", views.TaskFinishView.as_view(), name="task_finish"),
]
