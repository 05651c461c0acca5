"""The page a digest's one-click link opens: a confirmation with one button, then the touch or snooze.

Signed in as the recruiter the digest was for (the link says who): anyone else is refused,
however they came by the link. A GET shows what the button will do and changes nothing, so
a mail scanner following the link does no harm; the POST, CSRF-protected like every form
here, does the work once (outreach/digests/actions.py).
"""
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views import View

from ..choices import TouchKind
from ..models import CheckInSchedule
from .actions import DONE, SNOOZE_FOR, digest_link_use, link_state, logged_kind
from .links import DigestAction, LinkExpired, digest_link_read

TEMPLATE = "outreach/digests/digest_action.html"


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "l j F")


class DigestActionView(PermissionRequiredMixin, View):
    permission_required = ("outreach.add_touchpoint", "outreach.change_checkinschedule")
    http_method_names = ["get", "post"]

    def _page(self, request, state: str, status: int = 200, **context):
        return render(request, TEMPLATE, {"state": state, **context}, status=status)

    def _checked(self, request, token: str):
        """(link, schedule) when the link may be used here, else the page saying why not."""
        try:
            link = digest_link_read(token)
        except LinkExpired:
            return None, self._page(request, "expired", status=410)
        if link is None:
            return None, self._page(request, "invalid", status=404)
        if link.user_id != request.user.pk:
            return None, self._page(request, "wrong_user", status=403)
        schedule = CheckInSchedule.objects.select_related("candidate").filter(candidate_id=link.candidate_id).first()
        if schedule is None:  # the candidate was removed (or merged) since the digest
            return None, self._page(request, "invalid", status=404)
        return (link, schedule), None

    def get(self, request, token: str):
        checked, refusal = self._checked(request, token)
        if refusal:
            return refusal
        link, schedule = checked
        state = link_state(link=link, schedule=schedule) or "confirm"
        return self._page(request, state, **self._context(link, schedule))

    def post(self, request, token: str):
        checked, refusal = self._checked(request, token)
        if refusal:
            return refusal
        link, schedule = checked
        result = digest_link_use(link=link, user=request.user, now=timezone.now())
        if result.outcome != DONE:
            return self._page(request, result.outcome, **self._context(link, result.schedule))
        candidate, next_due = result.schedule.candidate, _day(result.schedule.next_due_at)
        if link.action == DigestAction.LOGGED:
            messages.success(request, f"Logged a touch point with {candidate} from your digest. "
                                      f"Next check-in {next_due}.")
        else:
            messages.success(request, f"Snoozed the check-in with {candidate} until {next_due}.")
        return redirect(candidate)

    def _context(self, link, schedule) -> dict:
        now = timezone.now()
        return {
            "action": link.action, "is_log": link.action == DigestAction.LOGGED,
            "candidate": schedule.candidate, "schedule": schedule,
            "kind_label": TouchKind(logged_kind(schedule)).label,
            "snooze_until": _day(now + SNOOZE_FOR), "next_due": _day(schedule.next_due_at),
        }
