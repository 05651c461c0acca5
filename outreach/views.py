import datetime as dt

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.utils import timezone
from django.views.generic import ListView

from .models import CheckInSchedule


class MyCheckinsView(PermissionRequiredMixin, ListView):
    permission_required = "outreach.view_checkinschedule"
    template_name = "outreach/my_checkins.html"
    context_object_name = "schedules"

    def get_queryset(self):
        horizon = timezone.now() + dt.timedelta(days=7)
        return (
            CheckInSchedule.objects.for_owner(self.request.user).due_by(horizon).with_candidate().in_checkin_order()
        )
