from django.urls import path

from . import views
from .calendar_feed import urls as calendar_urls
from .dashboard import urls as dashboard_urls
from .digests import urls as digest_urls

app_name = "outreach"

urlpatterns = [
    path("", views.MyCheckinsView.as_view(), name="my_checkins"),
    path("candidates/<int:candidate_pk>/touch-points/new/", views.TouchPointCreateView.as_view(),
         name="touch_create"),
    path("candidates/<int:candidate_pk>/schedule/", views.ScheduleUpdateView.as_view(), name="schedule_update"),
    path("candidates/<int:candidate_pk>/schedule/snooze/", views.ScheduleSnoozeView.as_view(),
         name="schedule_snooze"),
    path("candidates/<int:candidate_pk>/schedule/pause/", views.SchedulePauseView.as_view(), name="schedule_pause"),
    path("feedback/<int:pk>/share/", views.FeedbackShareView.as_view(), name="feedback_share"),
    path("healthz", views.healthz, name="healthz"),
]
# Each area keeps its own routes; all share the "outreach" namespace.
urlpatterns += digest_urls.urlpatterns + dashboard_urls.urlpatterns
urlpatterns += calendar_urls.urlpatterns
