from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.PrivacyOverviewView.as_view(), name="overview"),
    path("privacy/requests/<int:pk>/erase/", views.EraseView.as_view(), name="erase"),
    path("privacy/reviews/<int:pk>/keep/", views.KeepView.as_view(), name="keep"),
    path("privacy/retention/", views.RetentionSettingsView.as_view(), name="retention"),
]
