"""Sequence pages: the list, a sequence with its steps and enrolments, enrolling, stopping, tasks.

Thin: forms validate, services write; who may not be enrolled comes from enrolment.py (SQL).
"""
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import CreateView, ListView, TemplateView, UpdateView

from candidates.models import Candidate
from outreach.views import safe_next_url

from .choices import EnrolmentStatus
from .enrolment import enrolments_create
from .forms import EnrolCandidatesForm, EnrolSegmentForm, SequenceForm, StepForm
from .models import Enrolment, Sequence, Step, StepRun
from .services import enrolment_stop_by_hand, sequence_create, step_add, step_remove, step_update, task_finish

PAGE_NAME = "Sequences"
ENROLMENTS_SHOWN = 100


class SequenceListView(PermissionRequiredMixin, ListView):
    permission_required = "sequences.view_sequence"
    template_name = "sequences/sequence_list.html"
    context_object_name = "sequences"
    paginate_by = 50

    def get_queryset(self):
        return Sequence.objects.select_related("owner").annotate(
            step_count=Count("steps", filter=Q(steps__is_active=True), distinct=True),
            active_count=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ACTIVE), distinct=True),
        ).order_by("name", "id")


class SequenceCreateView(PermissionRequiredMixin, CreateView):
    permission_required = "sequences.add_sequence"
    template_name = "sequences/sequence_form.html"
    form_class = SequenceForm

    def form_valid(self, form):
        sequence = sequence_create(owner=self.request.user, **form.cleaned_data)
        messages.success(self.request, f"Sequence “{sequence.name}” created. Add its steps below.")
        return redirect(sequence)


class SequenceUpdateView(PermissionRequiredMixin, UpdateView):
    permission_required = "sequences.change_sequence"
    template_name = "sequences/sequence_form.html"
    form_class = SequenceForm
    model = Sequence


class SequenceMixin:
    @cached_property
    def sequence(self) -> Sequence:
        return get_object_or_404(Sequence, pk=self.kwargs["pk"])


class SequenceDetailView(SequenceMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "sequences.view_sequence"
    template_name = "sequences/sequence_detail.html"

    def get_context_data(self, **kwargs):
        sequence = self.sequence
        counts = dict(sequence.enrolments.order_by().values_list("status").annotate(n=Count("pk")))
        enrolments = list(sequence.enrolments.select_related("candidate", "enrolled_by")
                          .order_by("-created_at")[:ENROLMENTS_SHOWN])
        kwargs.setdefault("step_form", StepForm(initial={"kind": "email", "same_thread": True}))
        kwargs.setdefault("segment_form", EnrolSegmentForm(user=self.request.user))
        return super().get_context_data(
            sequence=sequence, steps=list(sequence.steps.filter(is_active=True)), enrolments=enrolments,
            counts={status: counts.get(status, 0) for status in EnrolmentStatus.values},
            enrolments_shown=ENROLMENTS_SHOWN, **kwargs)


class StepCreateView(SequenceMixin, PermissionRequiredMixin, View):
    permission_required = "sequences.change_sequence"

    def post(self, request, *args, **kwargs):
        form = StepForm(request.POST)
        if not form.is_valid():
            view = SequenceDetailView(request=request, kwargs=self.kwargs)
            return render(request, view.template_name, view.get_context_data(step_form=form), status=400)
        step = step_add(sequence=self.sequence, **form.cleaned_data)
        messages.success(request, f"Step {step.position} added: {step.describe()}.")
        return redirect(self.sequence)


class StepUpdateView(PermissionRequiredMixin, UpdateView):
    permission_required = "sequences.change_sequence"
    template_name = "sequences/step_form.html"
    form_class = StepForm

    def get_queryset(self):
        return Step.objects.filter(sequence_id=self.kwargs["sequence_pk"], is_active=True).select_related("sequence")

    def form_valid(self, form):
        step_update(step=self.object, **form.cleaned_data)
        messages.success(self.request, "Step saved. Enrolments that have not reached it will use this version; "
                                       "emails already sent keep theirs.")
        return redirect(self.object.sequence)


class StepRemoveView(PermissionRequiredMixin, View):
    permission_required = "sequences.change_sequence"

    def post(self, request, sequence_pk: int, pk: int):
        step = get_object_or_404(Step, sequence_id=sequence_pk, pk=pk, is_active=True)
        deleted = step_remove(step=step)
        messages.success(request, "Step deleted." if deleted
                         else "Step retired: enrolments skip it from now on; its history stays.")
        return redirect(step.sequence)


def _result(request, *, sequence, result, source: str):
    return render(request, "sequences/enrol_result.html",
                  {"sequence": sequence, "result": result, "source": source})


class EnrolSegmentView(SequenceMixin, PermissionRequiredMixin, View):
    permission_required = "sequences.add_enrolment"

    def post(self, request, *args, **kwargs):
        form = EnrolSegmentForm(request.POST, user=request.user)
        if not self.sequence.steps.filter(is_active=True).exists():
            messages.error(request, "Add a step before enrolling anyone.")
            return redirect(self.sequence)
        if not form.is_valid():
            view = SequenceDetailView(request=request, kwargs=self.kwargs)
            return render(request, view.template_name, view.get_context_data(segment_form=form), status=400)
        segment = form.cleaned_data["segment"]
        result = enrolments_create(sequence=self.sequence, candidates=segment.matching(), by=request.user,
                                   include_others=form.cleaned_data.get("include_others", False))
        return _result(request, sequence=self.sequence, result=result, source=f"segment “{segment.name}”")


class EnrolCandidatesView(PermissionRequiredMixin, View):
    """From the candidate list's selection, or one candidate's page: choose a sequence, then enrol."""

    permission_required = "sequences.add_enrolment"

    def _choose(self, request, form, ids: list[int], status: int = 200):
        candidates = list(Candidate.objects.filter(pk__in=ids).select_related("owner").order_by("full_name")[:50])
        return render(request, "sequences/enrol_candidates.html",
                      {"form": form, "candidates": candidates, "ids": ids, "next": safe_next_url(request) or ""},
                      status=status)

    def post(self, request):
        form = EnrolCandidatesForm(request.POST, user=request.user)
        valid = form.is_valid()
        ids = form.cleaned_data.get("candidates", [])
        if "sequence" not in request.POST:
            # Straight from the candidate list's checkboxes: ask which sequence, nothing refused yet.
            if not ids:
                messages.error(request, "Select at least one candidate first.")
                return HttpResponseRedirect(safe_next_url(request) or reverse("candidates:list"))
            return self._choose(request, EnrolCandidatesForm(user=request.user), ids)
        if not valid:
            return self._choose(request, form, ids, status=400)
        data = form.cleaned_data
        result = enrolments_create(sequence=data["sequence"], candidates=Candidate.objects.filter(
            pk__in=data["candidates"]), by=request.user, include_others=data.get("include_others", False),
            candidate_timezone=data.get("candidate_timezone"))
        if len(data["candidates"]) == 1 and result.enrolled and (next_url := safe_next_url(request)):
            messages.success(request, f"{result.enrolled[0].full_name} is enrolled in “{data['sequence']}”.")
            return HttpResponseRedirect(next_url)
        count = len(data["candidates"])
        return _result(request, sequence=data["sequence"], result=result,
                       source=f"{count} selected candidate{'s' if count != 1 else ''}")


class EnrolmentStopView(PermissionRequiredMixin, View):
    permission_required = "sequences.change_enrolment"

    def post(self, request, pk: int, action: str):
        enrolment = get_object_or_404(Enrolment.objects.select_related("candidate", "sequence"), pk=pk)
        if action not in ("replied", "stop"):
            return redirect(enrolment.candidate)
        if enrolment_stop_by_hand(enrolment=enrolment, replied=action == "replied", by=request.user):
            messages.success(request, f"“{enrolment.sequence}” stopped for {enrolment.candidate.full_name}.")
        else:
            messages.info(request, "That enrolment had already ended.")
        return HttpResponseRedirect(safe_next_url(request) or enrolment.candidate.get_absolute_url())


class TaskFinishView(PermissionRequiredMixin, View):
    permission_required = "sequences.change_steprun"

    def post(self, request, pk: int, action: str):
        run = get_object_or_404(StepRun.objects.select_related("step", "enrolment__candidate", "enrolment__sequence"),
                                pk=pk, kind="task")
        if action in ("done", "skip") and task_finish(run=run, done=action == "done", by=request.user):
            verb = "done" if action == "done" else "skipped"
            messages.success(request, f"{run.step.get_task_kind_display()} for "
                                      f"{run.enrolment.candidate.full_name}: {verb}.")
        return HttpResponseRedirect(safe_next_url(request) or reverse("outreach:my_checkins"))
