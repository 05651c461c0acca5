from django.urls import path

from . import views

app_name = "signals"

urlpatterns = [
    path("signals/<int:pk>/dismiss/", views.SignalDismissView.as_view(), name="dismiss"),
]
