"""Segment pages: the list, the form with its live count, the detail with who is left out and why.

Thin: forms validate, services write, counts come from segments/audience.py (SQL).
"""
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from .audience import PURPOSES, audience_for, segment_audience
from .describe import describe_filters
from .filters import matching_candidates
from .forms import SegmentForm
from .models import Segment
from .services import SegmentInUse, segment_create, segment_delete, segment_update

SAMPLE_SIZE = 25
PAGE_NAME = "Segments"


def _purpose(request) -> str:
    purpose = request.GET.get("for", "")
    return purpose if purpose in PURPOSES else "newsletter"


class SegmentListView(PermissionRequiredMixin, ListView):
    permission_required = "segments.view_segment"
    page_name = PAGE_NAME
    template_name = "segments/segment_list.html"
    context_object_name = "segments"
    paginate_by = 50

    def get_queryset(self):
        return (Segment.objects.visible_to(self.request.user).select_related("owner")
                .prefetch_related("candidate_owners"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [
            {"segment": segment, "filters": describe_filters(segment), "can_edit": segment.can_edit(self.request.user)}
            for segment in context["segments"]
        ]
        return context


class EditableSegmentMixin:
    """Someone else's segment may be used, but only its owner and managers change it."""

    @cached_property
    def segment(self) -> Segment:
        segment = get_object_or_404(Segment.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        if not segment.can_edit(self.request.user):
            raise PermissionDenied("Only the segment's owner or a manager can change it.")
        return segment


class SegmentFormMixin(PermissionRequiredMixin):
    page_name = PAGE_NAME
    form_class = SegmentForm
    template_name = "segments/segment_form.html"

    def form_fields(self, form) -> tuple[dict, list]:
        data = dict(form.cleaned_data)
        owners = list(data.pop("candidate_owners") or [])
        return data, owners


class SegmentCreateView(SegmentFormMixin, FormView):
    permission_required = "segments.add_segment"

    def form_valid(self, form):
        fields, owners = self.form_fields(form)
        segment = segment_create(owner=self.request.user, fields=fields, candidate_owners=owners)
        messages.success(self.request, f"Saved the segment “{segment.name}”.")
        return redirect(segment)


class SegmentUpdateView(EditableSegmentMixin, SegmentFormMixin, FormView):
    permission_required = "segments.change_segment"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.segment}

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.segment, **kwargs)

    def form_valid(self, form):
        fields, owners = self.form_fields(form)
        segment = segment_update(segment=self.segment, fields=fields, candidate_owners=owners)
        messages.success(self.request, f"Saved the segment “{segment.name}”.")
        return redirect(segment)


class SegmentDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "segments.view_segment"
    page_name = PAGE_NAME
    template_name = "segments/segment_detail.html"
    context_object_name = "segment"

    def get_queryset(self):
        return Segment.objects.visible_to(self.request.user).select_related("owner").prefetch_related(
            "candidate_owners")

    def get_context_data(self, **kwargs):
        purpose = _purpose(self.request)
        label, kind, topic = PURPOSES[purpose]
        audience = segment_audience(segment=self.object, kind=kind, topic=topic)
        return super().get_context_data(
            audience=audience, sample=audience.sample(SAMPLE_SIZE), sample_size=SAMPLE_SIZE,
            filters=describe_filters(self.object), purpose=purpose, purpose_label=label,
            purposes=[(key, value[0]) for key, value in PURPOSES.items()],
            can_edit=self.object.can_edit(self.request.user), **kwargs,
        )


class SegmentCountView(PermissionRequiredMixin, View):
    """The form's live count: the unsaved filters in the query string, the counts as JSON. Reads only."""

    permission_required = "segments.view_segment"
    page_name = PAGE_NAME

    def get(self, request):
        form = SegmentForm(request.GET)
        form.is_valid()
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items() if name != "name"}
        if errors:
            return JsonResponse({"errors": errors}, status=400)
        label, kind, topic = PURPOSES[_purpose(request)]
        audience = audience_for(matching_candidates(form.filter_values()), kind=kind, topic=topic)
        return JsonResponse({
            "matched": audience.matched, "eligible": audience.eligible_count, "summary": audience.summary,
            "excluded": [{"reason": reason, "count": n} for reason, n in audience.excluded], "counted_for": label,
        })


class SegmentDeleteView(EditableSegmentMixin, PermissionRequiredMixin, TemplateView):
    permission_required = "segments.delete_segment"
    page_name = PAGE_NAME
    template_name = "segments/segment_confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(segment=self.segment, **kwargs)

    def post(self, request, pk):
        if request.POST.get("confirm") != "delete":
            # Only the confirmation page's own button deletes; any other POST shows that page.
            return self.get(request, pk)
        name = self.segment.name
        try:
            segment_delete(segment=self.segment)
        except SegmentInUse as used:
            messages.error(request, f"“{name}” is still used by {', '.join(used.users)}, so it was kept.")
            return redirect(self.segment)
        messages.success(request, f"Deleted the segment “{name}”.")
        return redirect(reverse("segments:list"))
