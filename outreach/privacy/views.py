"""The privacy page for admins: requests due, erasing a candidate, the retention review and its rule.

Admins only (the `erase_candidates` permission): an erasure cannot be taken back.
"""
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView, UpdateView

from .erasure import ErasureRefused, candidate_erase, erasure_preview
from .forms import RetentionSettingsForm
from .models import DataRequest, Erasure, RequestKind, RetentionReview, RetentionRun, RetentionSettings, ReviewStatus
from .retention import KEEP_MONTHS, retention_review_keep

PERMISSION = "privacy.erase_candidates"
LIST_LIMIT = 100


class PrivacyOverviewView(PermissionRequiredMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "privacy/overview.html"

    def get_context_data(self, **kwargs):
        open_requests = DataRequest.objects.filter(completed_on__isnull=True).select_related("candidate")
        reviews = RetentionReview.objects.select_related("candidate", "candidate__schedule", "kept_by")
        flagged = reviews.filter(status=ReviewStatus.FLAGGED)
        return super().get_context_data(
            today=timezone.localdate(),
            open_requests=list(open_requests[:LIST_LIMIT]),
            rule=RetentionSettings.current(),
            flagged=list(flagged[:LIST_LIMIT]), flagged_count=flagged.count(),
            kept=list(reviews.filter(status=ReviewStatus.KEPT).order_by("kept_until", "pk")[:LIST_LIMIT]),
            runs=list(RetentionRun.objects.all()[:14]),
            erasures=list(Erasure.objects.select_related("erased_by")[:20]),
            keep_months=KEEP_MONTHS, **kwargs)


class EraseView(PermissionRequiredMixin, TemplateView):
    """GET: what the erasure will do, and a confirmation. POST: erase, then back to the privacy page."""

    permission_required = PERMISSION
    template_name = "privacy/erase_confirm.html"

    @cached_property
    def data_request(self) -> DataRequest:
        return get_object_or_404(DataRequest.objects.select_related("candidate"), pk=self.kwargs["pk"],
                                 kind=RequestKind.ERASURE)

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        if self.data_request.candidate is None:
            messages.warning(request, "This request names no candidate: set one in the admin first.")
            return redirect("privacy:overview")
        if hasattr(self.data_request.candidate, "erasure"):
            messages.info(request, "This candidate was erased already.")
            return redirect("privacy:overview")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        candidate = self.data_request.candidate
        return super().get_context_data(data_request=self.data_request, candidate=candidate,
                                         preview=erasure_preview(candidate), **kwargs)

    def post(self, request, pk):
        try:
            erasure = candidate_erase(candidate=self.data_request.candidate, request=self.data_request,
                                      by=request.user)
        except ErasureRefused as error:
            messages.warning(request, str(error))
            return redirect("privacy:overview")
        messages.success(request, f"Candidate #{erasure.candidate_id} was erased: "
                                  f"{sum(erasure.counts.values())} related records anonymised, the request is done.")
        return redirect("privacy:overview")


class KeepView(PermissionRequiredMixin, View):
    permission_required = PERMISSION

    def post(self, request, pk):
        review = get_object_or_404(RetentionReview, pk=pk, status=ReviewStatus.FLAGGED)
        review = retention_review_keep(review=review, by=request.user)
        messages.success(request, f"{review.candidate.full_name} is kept: not flagged again before "
                                  f"{review.kept_until:%d %b %Y}.")
        return redirect("privacy:overview")


class RetentionSettingsView(PermissionRequiredMixin, UpdateView):
    permission_required = PERMISSION
    form_class = RetentionSettingsForm
    template_name = "privacy/retention_form.html"
    success_url = reverse_lazy("privacy:overview")

    def get_object(self, queryset=None):
        return RetentionSettings.current()

    def form_valid(self, form):
        messages.success(self.request, f"Retention rule saved: {form.instance}.")
        return super().form_valid(form)
