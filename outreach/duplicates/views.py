"""Possible duplicates, the merge screen, a merge's record with its undo. Managers and admins only:
a merge removes a candidate record, so it sits with the people who see the whole team's pool.
"""
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from candidates.models import Candidate

from .finding import duplicates_refresh, pairs_of
from .forms import MergeForm
from .models import CandidateMerge, DuplicatePair
from .services import MergeRefused, UndoRefused, candidates_merge, candidates_merge_undo
from .tasks import refresh_duplicates

PERMISSION = "duplicates.merge_candidates"


PAGE_CATCH_UP = 500  # changes the page compares itself; more (an import) go to a worker


class DuplicateListView(PermissionRequiredMixin, ListView):
    permission_required = PERMISSION
    template_name = "duplicates/duplicate_list.html"
    paginate_by = 50

    def get_queryset(self):
        # Edits since the last refresh first, so a pair made a minute ago is listed (a few index reads when none).
        self.waiting = duplicates_refresh(most=PAGE_CATCH_UP)
        if self.waiting:
            refresh_duplicates.delay()
        return DuplicatePair.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        merges = CandidateMerge.objects.select_related("survivor", "merged_by")[:10]
        return {**context, "pairs": pairs_of(context["object_list"]), "merges": merges, "waiting": self.waiting}


class MergeView(PermissionRequiredMixin, FormView):
    permission_required = PERMISSION
    template_name = "duplicates/merge_form.html"

    def get(self, request, *args, **kwargs):
        if self.pair is None:
            messages.info(request, "Pick two candidates to compare from the possible duplicates.")
            return redirect("duplicates:list")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.pair is None:
            messages.info(request, "Pick two candidates to compare from the possible duplicates.")
            return redirect("duplicates:list")
        return super().post(request, *args, **kwargs)

    @cached_property
    def pair(self) -> tuple[Candidate, Candidate] | None:
        ids = [self.request.GET.get("first", ""), self.request.GET.get("second", "")]
        if not all(i.isdigit() for i in ids) or ids[0] == ids[1]:
            return None
        found = Candidate.objects.select_related("owner").in_bulk([int(i) for i in ids])
        return (found[int(ids[0])], found[int(ids[1])]) if len(found) == 2 else None

    def get_form(self, form_class=None):
        first, second = self.pair
        return MergeForm(**self.get_form_kwargs(), first=first, second=second)

    def get_context_data(self, **kwargs):
        first, second = self.pair
        return super().get_context_data(first=first, second=second, **kwargs)

    def form_valid(self, form):
        survivor, loser, values = form.merge_plan()
        try:
            merge = candidates_merge(survivor=survivor, loser=loser, values=values, merged_by=self.request.user)
        except MergeRefused as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, f"{merge.loser_name} was merged into {survivor.full_name}: "
                                       f"{merge.moved_count} records moved.")
        return redirect(merge)


class MergeDetailView(PermissionRequiredMixin, DetailView):
    permission_required = PERMISSION
    template_name = "duplicates/merge_detail.html"
    context_object_name = "merge"
    queryset = CandidateMerge.objects.select_related("survivor", "merged_by")


class MergeUndoView(PermissionRequiredMixin, View):
    permission_required = PERMISSION

    def post(self, request, pk):
        merge = get_object_or_404(CandidateMerge, pk=pk)
        try:
            restored = candidates_merge_undo(merge=merge, undone_by=request.user)
        except UndoRefused as error:
            messages.warning(request, str(error))
            return redirect(merge)
        messages.success(request, f"The merge was undone: {restored.full_name} is back with their history.")
        return redirect(restored)
