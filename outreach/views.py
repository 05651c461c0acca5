"""The recruiter's check-in pages: thin views around the outreach services."""
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import FormView, TemplateView

from candidates.choices import Tier
from candidates.models import Candidate, Feedback

from .checkin_rows import checkin_rows
from .checkin_sections import checkin_sections
from .forms import (
    MANUAL_TOUCH_KINDS,
    SNOOZE_CHOICES,
    FeedbackShareForm,
    ScheduleForm,
    SnoozeForm,
    TouchPointForm,
)
from .heartbeat import health_report
from .models import CheckInSchedule
from .services import (
    FeedbackAlreadyShared,
    feedback_share,
    schedule_set_cadence,
    schedule_set_paused,
    schedule_snooze,
    touch_point_log,
)

# "Due this week" looks this far ahead.
DUE_SOON_WINDOW = dt.timedelta(days=7)
# Rows listed per section of My check-ins; the counts above them still cover everyone.
ROWS_PER_SECTION = 50


def safe_next_url(request) -> str | None:
    """The ?next= / next field, only when it points back into this site."""
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return None


def _when(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), "j M Y")


class NextUrlMixin:
    """Send the recruiter back where they came from, or to the candidate page."""

    def get_success_url(self) -> str:
        return safe_next_url(self.request) or self.candidate.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(next_url=safe_next_url(self.request) or "", candidate=self.candidate,
                                        cancel_url=self.get_success_url(), **kwargs)


class MyCheckinsView(PermissionRequiredMixin, TemplateView):
    permission_required = "outreach.view_checkinschedule"
    template_name = "outreach/my_checkins.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        # A busy recruiter has hundreds due. Finding them is the costly query, so it runs
        # once, for three narrow columns; full rows (with the candidate) only for those shown.
        due = (
            CheckInSchedule.objects.for_owner(self.request.user)
            .due_by(now + DUE_SOON_WINDOW)
            .in_checkin_order()
            .values_list("pk", "next_due_at", "tier")
        )
        overdue_ids, due_soon_ids, top_overdue_count = [], [], 0
        for pk, due_at, tier in due:
            if due_at <= now:
                overdue_ids.append(pk)
                top_overdue_count += tier == Tier.TOP
            else:
                due_soon_ids.append(pk)
        shown_ids = overdue_ids[:ROWS_PER_SECTION] + due_soon_ids[:ROWS_PER_SECTION]
        schedules = CheckInSchedule.objects.for_checkin_rows().in_bulk(shown_ids).values()
        rows = {row.pk: row for row in checkin_rows(list(schedules), now=now, back_to=self.request.path)}
        return super().get_context_data(
            # A row logged or deleted between the two reads is simply left out.
            overdue=[rows[pk] for pk in overdue_ids[:ROWS_PER_SECTION] if pk in rows],
            due_soon=[rows[pk] for pk in due_soon_ids[:ROWS_PER_SECTION] if pk in rows],
            overdue_count=len(overdue_ids),
            due_soon_count=len(due_soon_ids),
            top_overdue_count=top_overdue_count,
            rows_per_section=ROWS_PER_SECTION,
            touch_kinds=MANUAL_TOUCH_KINDS,
            snooze_choices=SNOOZE_CHOICES,
            now=now,
            # What nested apps add (a sequence's tasks, replies): outreach/checkin_sections.py.
            extra_sections=checkin_sections(user=self.request.user, now=now),
            **kwargs,
        )


class TouchPointCreateView(NextUrlMixin, PermissionRequiredMixin, FormView):
    permission_required = "outreach.add_touchpoint"
    template_name = "outreach/touchpoint_form.html"
    form_class = TouchPointForm

    @cached_property
    def candidate(self) -> Candidate:
        queryset = Candidate.objects.select_related("schedule", "owner")
        return get_object_or_404(queryset, pk=self.kwargs["candidate_pk"])

    def get_initial(self):
        schedule = getattr(self.candidate, "schedule", None)
        kind = schedule.preferred_channel if schedule else ""
        return {"kind": kind if kind in dict(MANUAL_TOUCH_KINDS) else "", "occurred_at": timezone.now()}

    def form_valid(self, form):
        touch = touch_point_log(candidate=self.candidate, author=self.request.user, **form.cleaned_data)
        schedule = CheckInSchedule.objects.get(candidate=self.candidate)
        messages.success(
            self.request,
            f"Logged {touch.get_kind_display().lower()} with {self.candidate}. "
            f"Next check-in due {_when(schedule.next_due_at)}.",
        )
        return super().form_valid(form)


class ScheduleMixin(NextUrlMixin, PermissionRequiredMixin):
    permission_required = "outreach.change_checkinschedule"

    @cached_property
    def schedule(self) -> CheckInSchedule:
        queryset = CheckInSchedule.objects.select_related("candidate__owner")
        return get_object_or_404(queryset, candidate_id=self.kwargs["candidate_pk"])

    @property
    def candidate(self) -> Candidate:
        return self.schedule.candidate

    def get_context_data(self, **kwargs):
        return super().get_context_data(schedule=self.schedule, **kwargs)


class ScheduleUpdateView(ScheduleMixin, FormView):
    template_name = "outreach/schedule_form.html"
    form_class = ScheduleForm

    def get_initial(self):
        return ScheduleForm.initial_for(self.schedule)

    def form_valid(self, form):
        schedule = schedule_set_cadence(
            schedule=self.schedule,
            cadence_days=form.cleaned_data["cadence_days"],
            preferred_channel=form.cleaned_data["preferred_channel"],
        )
        messages.success(
            self.request,
            f"Checking in with {self.candidate}: {schedule.cadence_label.lower()} by "
            f"{schedule.get_preferred_channel_display().lower()}. Next due {_when(schedule.next_due_at)}.",
        )
        return super().form_valid(form)


class ScheduleSnoozeView(ScheduleMixin, FormView):
    """POST from the check-in list or candidate page; GET shows the same choice as a page."""

    template_name = "outreach/schedule_snooze_form.html"
    form_class = SnoozeForm

    def form_valid(self, form):
        schedule = schedule_snooze(schedule=self.schedule, until=form.cleaned_data["until_at"])
        messages.success(self.request, f"Snoozed {self.candidate} until {_when(schedule.next_due_at)}.")
        return super().form_valid(form)


class SchedulePauseView(ScheduleMixin, View):
    """Pause or resume. The form says which, so a double click cannot undo itself."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        wanted = request.POST.get("paused")
        paused = wanted == "true" if wanted in ("true", "false") else not self.schedule.paused
        schedule = schedule_set_paused(schedule=self.schedule, paused=paused)
        if schedule.paused:
            text = f"Paused check-ins with {self.candidate}; they are off your lists until resumed."
        else:
            text = f"Resumed check-ins with {self.candidate}. Next due {_when(schedule.next_due_at)}."
        messages.success(request, text)
        return HttpResponseRedirect(self.get_success_url())


class FeedbackShareView(NextUrlMixin, PermissionRequiredMixin, FormView):
    permission_required = ("candidates.change_feedback", "outreach.add_touchpoint")
    template_name = "outreach/feedback_share_form.html"
    form_class = FeedbackShareForm

    @cached_property
    def feedback(self) -> Feedback:
        queryset = Feedback.objects.select_related("interview__candidate__owner", "author")
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    @property
    def candidate(self) -> Candidate:
        return self.feedback.interview.candidate

    def get(self, request, *args, **kwargs):
        if self.feedback.shared_at:
            return self._already_shared(self.feedback)
        return super().get(request, *args, **kwargs)

    def _already_shared(self, feedback: Feedback):
        messages.info(
            self.request,
            f"This feedback was already shared with {self.candidate} on {_when(feedback.shared_at)}"
            f" by {feedback.get_shared_via_display().lower()}.",
        )
        return HttpResponseRedirect(self.get_success_url())

    def get_initial(self):
        return {"shared_at": timezone.now()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(feedback=self.feedback, interview=self.feedback.interview, **kwargs)

    def form_valid(self, form):
        try:
            feedback_share(feedback=self.feedback, via=form.cleaned_data["via"],
                           shared_at=form.cleaned_data["shared_at"], shared_by=self.request.user)
        except FeedbackAlreadyShared as already:
            return self._already_shared(already.feedback)
        messages.success(self.request, f"Feedback shared with {self.candidate} and logged as a touch point.")
        return super().form_valid(form)


@login_not_required
@never_cache
@require_safe
def healthz(request):
    """For load balancers and uptime checks: 200 when database, broker and beat are all fine, else 503."""
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


