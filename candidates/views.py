from django.contrib.auth.mixins import PermissionRequiredMixin
from django.views.generic import DetailView, ListView

from .models import Candidate
from .timeline import candidate_timeline


class CandidateListView(PermissionRequiredMixin, ListView):
    permission_required = "candidates.view_candidate"
    model = Candidate
    paginate_by = 25
    queryset = Candidate.objects.select_related("owner", "schedule")


class CandidateDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "candidates.view_candidate"
    model = Candidate

    def get_context_data(self, **kwargs):
        return super().get_context_data(timeline=candidate_timeline(self.object), **kwargs)
