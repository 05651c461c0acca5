from django.urls import path

from . import digest_urls, views
from .dashboard import urls as dashboard_urls

app_name = "outreach"

urlpatterns = [
    path("", views.MyCheckinsView.as_view(), name="my_checkins"),
]
# Each area keeps its own routes; all share the "outreach" namespace.
urlpatterns += digest_urls.urlpatterns + dashboard_urls.urlpatterns
