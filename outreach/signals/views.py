"""Dismissing a signal from Who to contact today (or the candidate page)."""
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View

from outreach.views import safe_next_url

from .models import Signal
from .services import SignalClosed, signal_dismiss


class SignalDismissView(PermissionRequiredMixin, View):
    permission_required = "signals.change_signal"
    http_method_names = ["post"]

    def post(self, request, pk: int):
        signal = get_object_or_404(Signal.objects.select_related("candidate"), pk=pk)
        user = request.user
        if signal.candidate.owner_id != user.pk and not user.has_perm("candidates.view_team_dashboard"):
            raise PermissionDenied("Only the candidate's owner or a manager can dismiss this.")
        name = signal.candidate.full_name
        try:
            signal_dismiss(signal=signal, user=user)
        except SignalClosed:
            messages.info(request, f"That reason for {name} was already dismissed or acted on.")
        else:
            messages.success(request, f"Dismissed: {name} will not be suggested for that reason again.")
        return HttpResponseRedirect(safe_next_url(request) or reverse("outreach:my_checkins"))
