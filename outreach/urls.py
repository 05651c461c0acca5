from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("", views.MyCheckinsView.as_view(), name="my_checkins"),
]
