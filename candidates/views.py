"""Candidate pages. Thin: each view validates a form, calls one service and redirects."""
import copy
import datetime as dt
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import IntegrityError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import DetailView, FormView, ListView, UpdateView

from .choices import Tier
from .dates import DateLabels
from .forms import (
    CandidateFilterForm,
    CandidateForm,
    CareerUpdateForm,
    InterviewForm,
    ScorecardForm,
    existing_candidate_link,
    team_members_named,
)
from .list_rows import candidate_rows
from .models import Candidate, CareerUpdate, Interview
from .pagination import CappedCount, CursorError, KeysetPaginator
from .querysets import LIST_SORTS
from .services import candidate_create, candidate_update, career_update_record, feedback_add, interview_log
from .timeline import TIMELINE_FIRST_PAGE, TIMELINE_LIMIT, TimelineEntry, candidate_timeline

# Bootstrap icon per timeline entry kind; touch point kinds come from outreach as "touch_<kind>".
TIMELINE_ICONS = {
    "stage": "bi-signpost-split",
    "interview": "bi-person-video3",
    "feedback": "bi-clipboard-check",
    "feedback_shared": "bi-send-check",
    "career": "bi-briefcase",
    "touch_email": "bi-envelope",
    "touch_phone_call": "bi-telephone",
    "touch_social": "bi-chat-heart",
    "touch_newsletter": "bi-newspaper",
    "touch_event": "bi-calendar-event",
    "touch_meeting": "bi-cup-hot",
    "touch_other": "bi-chat-dots",
}
DEFAULT_TIMELINE_ICON = "bi-dot"
# Interviews and job moves are known by the day only; showing the placeholder noon would mislead.
DATE_ONLY_KINDS = ("interview", "career")


class TimelineRow(NamedTuple):
    """One timeline entry as the page prints it: icon and date worked out here, not per template node."""

    entry: TimelineEntry
    icon: str
    when_iso: str
    when_label: str


def timeline_rows(entries: list[TimelineEntry]) -> list[TimelineRow]:
    labels, tz = DateLabels(), timezone.get_current_timezone()
    rows = []
    for entry in entries:
        at = entry.at.astimezone(tz)
        if entry.kind in DATE_ONLY_KINDS:
            when_iso, when_label = at.date().isoformat(), labels.long(at)
        else:
            when_iso, when_label = at.isoformat(), labels.with_time(at)
        rows.append(TimelineRow(entry, TIMELINE_ICONS.get(entry.kind, DEFAULT_TIMELINE_ICON), when_iso, when_label))
    return rows


class CandidateListView(PermissionRequiredMixin, ListView):
    permission_required = "candidates.view_candidate"
    template_name = "candidates/candidate_list.html"
    context_object_name = "candidates"
    paginate_by = 25

    def get_queryset(self):
        self.now = timezone.now()
        self.filter_form = CandidateFilterForm(self.request.GET)
        return self.filter_form.filter(Candidate.objects.for_list(), user=self.request.user, now=self.now)

    def paginate_queryset(self, queryset, page_size):
        # Pages are reached by cursor (Next / Previous), never by number: an old
        # `?page=N` bookmark simply opens the first page.
        sort_key = self.filter_form.sort_key
        paginator = KeysetPaginator(queryset, sort_key=sort_key, sort=LIST_SORTS[sort_key], per_page=page_size)
        count = CappedCount(queryset, per_page=page_size)
        if self.filter_form.is_filtered:
            paginator.sort_few_matches(count.count)
        self.cursor_rejected = False
        try:
            page = paginator.page(self.request.GET.get("cursor"))
        except CursorError:
            self.cursor_rejected = True
            page = paginator.first_page()
        return count, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filter_form=self.filter_form, **kwargs)
        context["rows"] = candidate_rows(context["candidates"], now=self.now)
        # Ticking rows enrols them in a sequence (outreach.sequences), for those who may.
        context["can_enrol"] = self.request.user.has_perm("sequences.add_enrolment")
        # Tells "no candidates yet" apart from "nothing matches these filters".
        context["is_filtered"] = self.filter_form.is_filtered
        # For the phone's "Filters" toggle; the sort order is not a filter.
        context["active_filter_count"] = sum(
            bool(value) for name, value in self.filter_form.cleaned_data.items() if name != "sort"
        )
        context["sort_label"] = LIST_SORTS[self.filter_form.sort_key].label
        context["cursor_rejected"] = self.cursor_rejected
        return context


class OwnerSearchView(PermissionRequiredMixin, View):
    """Team members matching a few typed letters, for the list's "Find a colleague" box."""

    permission_required = "candidates.view_candidate"

    def get(self, request):
        matches = team_members_named(request.GET.get("q", "")[:100])
        return JsonResponse({"results": [{"id": pk, "name": name} for pk, name in matches]})


class CandidateDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "candidates.view_candidate"
    template_name = "candidates/candidate_detail.html"

    def get_queryset(self):
        return Candidate.objects.with_history()

    def get_context_data(self, **kwargs):
        candidate = self.object
        full_history = self.request.GET.get("history") == "all"
        entries, truncated = candidate_timeline(
            candidate, limit=TIMELINE_LIMIT if full_history else TIMELINE_FIRST_PAGE
        )
        career_updates = list(candidate.career_updates.all())
        # "Also at Acme: 3 other got-aways", for every company on the card in one query.
        others = CareerUpdate.objects.others_per_employer(
            candidate, {update.employer_id for update in career_updates if update.employer_id})
        # Their current role, picked as candidates.querysets.LATEST_MOVE_ORDER picks it.
        current = max(career_updates, default=None, key=lambda u: (
            u.started_on is None, u.started_on or dt.date.min, u.recorded_at, u.pk))
        for update in career_updates:
            update.others_at_employer = others.get(update.employer_id, 0)
            update.is_current = update is current
        return super().get_context_data(
            interviews=candidate.interviews.all(),
            career_updates=career_updates,
            today=timezone.localdate(),
            timeline=timeline_rows(entries),
            timeline_truncated=truncated,
            full_history=full_history,
            **kwargs,
        )


class CandidateCreateView(PermissionRequiredMixin, FormView):
    permission_required = "candidates.add_candidate"
    template_name = "candidates/candidate_form.html"
    form_class = CandidateForm

    def get_initial(self):
        return {"owner": self.request.user.pk, "tier": Tier.WARM}

    def form_valid(self, form):
        fields = dict(form.cleaned_data)
        owner = fields.pop("owner")
        try:
            candidate = candidate_create(owner=owner, created_by=self.request.user, **fields)
        except IntegrityError:
            # Someone saved the same email between our check and the insert.
            form.add_error("email", existing_candidate_link(fields["email"]))
            return self.form_invalid(form)
        messages.success(self.request, f"Added {candidate.full_name}.")
        return redirect(candidate)


class CandidateUpdateView(PermissionRequiredMixin, UpdateView):
    permission_required = "candidates.change_candidate"
    template_name = "candidates/candidate_form.html"
    form_class = CandidateForm
    # The owner is named on the page when it is a colleague's candidate.
    queryset = Candidate.objects.select_related("owner")

    def get_form_kwargs(self):
        # The form writes posted values onto its instance while validating; a copy keeps
        # the page heading and breadcrumbs on the saved name when the form is invalid.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.object)}

    def form_valid(self, form):
        try:
            changed = candidate_update(candidate=form.instance, changed_by=self.request.user, **form.cleaned_data)
        except IntegrityError:
            form.add_error("email", existing_candidate_link(form.cleaned_data["email"]))
            return self.form_invalid(form)
        if changed:
            messages.success(self.request, f"Saved changes to {form.instance.full_name}.")
        else:
            messages.info(self.request, "Nothing changed.")
        return redirect(form.instance)


class CandidateChildMixin(PermissionRequiredMixin):
    """Pages that add history to one candidate: a missing candidate is a 404."""

    @cached_property
    def candidate(self) -> Candidate:
        return get_object_or_404(Candidate.objects.select_related("owner"), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(candidate=self.candidate, **kwargs)


class InterviewLogView(CandidateChildMixin, FormView):
    """A past interview and, optionally, its scorecard, in one page and one transaction."""

    permission_required = ("candidates.add_interview", "candidates.add_feedback")
    template_name = "candidates/interview_form.html"
    form_class = InterviewForm
    scorecard_prefix = "scorecard"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("scorecard_form", ScorecardForm(optional=True, prefix=self.scorecard_prefix))
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        self.candidate  # noqa: B018 - 404 before validating anything for a missing candidate
        form = self.get_form()
        scorecard_form = ScorecardForm(request.POST, optional=True, prefix=self.scorecard_prefix)
        # Validate both so every mistake shows at once.
        if not (form.is_valid() & scorecard_form.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, scorecard_form=scorecard_form))
        interview_log(
            candidate=self.candidate, logged_by=request.user, feedback=scorecard_form.scorecard, **form.cleaned_data
        )
        extra = " with its scorecard" if scorecard_form.scorecard else ""
        messages.success(request, f"Logged the interview for {form.cleaned_data['role_title']}{extra}.")
        return redirect(self.candidate)


class FeedbackCreateView(CandidateChildMixin, FormView):
    permission_required = "candidates.add_feedback"
    template_name = "candidates/feedback_form.html"
    form_class = ScorecardForm

    @cached_property
    def interview(self) -> Interview:
        # Scoped to the candidate in the URL: another candidate's interview is a 404.
        return get_object_or_404(Interview, pk=self.kwargs["interview_pk"], candidate=self.candidate)

    def get(self, request, *args, **kwargs):
        self.interview  # noqa: B018 - 404 for a missing or foreign interview
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.interview  # noqa: B018
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(interview=self.interview, **kwargs)

    def form_valid(self, form):
        feedback_add(interview=self.interview, author=self.request.user, **form.scorecard)
        messages.success(self.request, f"Added a scorecard to the {self.interview}.")
        return redirect(self.candidate)


class CareerUpdateCreateView(CandidateChildMixin, FormView):
    permission_required = "candidates.add_careerupdate"
    template_name = "candidates/career_update_form.html"
    form_class = CareerUpdateForm

    def form_valid(self, form):
        update = career_update_record(candidate=self.candidate, recorded_by=self.request.user, **form.cleaned_data)
        messages.success(self.request, f"Recorded {self.candidate.full_name}'s move: {update}.")
        return redirect(self.candidate)
