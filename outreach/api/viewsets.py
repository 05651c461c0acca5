"""The endpoints under /api/v1/. Read-only; each needs the same view permission as its page."""
import hashlib

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import filters, permissions, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from candidates.choices import GotAwayReason, Stage, Tier
from candidates.forms import CandidateFilterForm
from candidates.models import Candidate, CareerUpdate, Feedback, Interview
from outreach.models import CheckInSchedule, TouchPoint

from . import serializers


class RolePermissions(permissions.DjangoModelPermissions):
    """The role's view permission for reading, as on the pages (DRF alone lets any login read)."""

    perms_map = {**permissions.DjangoModelPermissions.perms_map,
                 "GET": ["%(app_label)s.view_%(model_name)s"], "HEAD": ["%(app_label)s.view_%(model_name)s"]}


class IdCursorPagination(CursorPagination):
    """Keyset pages in id order: stable while rows are added, and cheap at any depth."""

    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def decode_cursor(self, request):
        # A cursor that is not one of ours is a bad request (400), not a missing page.
        try:
            return super().decode_cursor(request)
        except NotFound as error:
            raise ValidationError({"cursor": [str(error.detail)]}) from None


class CandidateFilter(filters.BaseFilterBackend):
    """The candidate list page's own filters (candidates.forms.CandidateFilterForm), same names."""

    def filter_queryset(self, request, queryset, view):
        form = CandidateFilterForm(request.query_params)
        return form.filter(queryset, user=request.user, now=timezone.now())

    def get_schema_operation_parameters(self, view):
        def param(name, description, schema):
            return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}

        return [
            param("q", "Name, email or company containing this text.", {"type": "string"}),
            param("tier", "Tier.", {"type": "integer", "enum": [int(t) for t in Tier]}),
            param("reason", "Why they got away.", {"type": "string", "enum": list(GotAwayReason.values)}),
            param("stage", "Re-engagement stage.", {"type": "string", "enum": list(Stage.values)}),
            param("owner", "'mine', or a team member's id.", {"type": "string"}),
            param("overdue", "Only candidates whose check-in is overdue.", {"type": "boolean"}),
            param("company", "Only candidates who moved to this company (a career update's employer id).",
                  {"type": "integer"}),
        ]


class ReadOnly(viewsets.ReadOnlyModelViewSet):
    permission_classes = [RolePermissions]
    pagination_class = IdCursorPagination
    # Any text, so a wrong id ("-1", "x") is the API's own JSON 404 rather than the site's 404 page.
    lookup_value_converter = "str"


@extend_schema_view(list=extend_schema(summary="Candidates, filtered like the candidate list"),
                    retrieve=extend_schema(summary="One candidate (with an ETag)"))
class CandidateViewSet(ReadOnly):
    serializer_class = serializers.CandidateSerializer
    queryset = Candidate.objects.select_related("owner")
    filter_backends = [CandidateFilter]

    def retrieve(self, request, *args, **kwargs):
        candidate = self.get_object()
        # Cheap: the row's own change time names its version.
        version = f"{candidate.pk}:{candidate.updated_at.isoformat()}".encode()
        etag = f'"{hashlib.sha256(version).hexdigest()[:32]}"'
        if etag in request.headers.get("If-None-Match", ""):
            return Response(status=304, headers={"ETag": etag})
        return Response(self.get_serializer(candidate).data, headers={"ETag": etag})


def _candidate_param():
    return extend_schema(parameters=[OpenApiParameter("candidate", int, description="Only this candidate's.")])


class CandidateScopedMixin:
    def get_queryset(self):
        queryset = super().get_queryset()
        candidate = self.request.query_params.get("candidate", "")
        return queryset.filter(candidate_id=int(candidate)) if candidate.isdigit() else queryset


@extend_schema_view(list=_candidate_param())
class TouchPointViewSet(CandidateScopedMixin, ReadOnly):
    serializer_class = serializers.TouchPointSerializer
    queryset = TouchPoint.objects.select_related("author")


@extend_schema_view(list=_candidate_param())
class InterviewViewSet(CandidateScopedMixin, ReadOnly):
    serializer_class = serializers.InterviewSerializer
    queryset = Interview.objects.with_scorecards()


class ScorecardViewSet(ReadOnly):
    serializer_class = serializers.ScorecardSerializer
    queryset = Feedback.objects.select_related("author")


@extend_schema_view(list=_candidate_param())
class ScheduleViewSet(CandidateScopedMixin, ReadOnly):
    """One schedule per candidate: addressed by the candidate's id."""

    serializer_class = serializers.ScheduleSerializer
    queryset = CheckInSchedule.objects.all()
    lookup_field = "candidate"


@extend_schema_view(list=_candidate_param())
class CareerUpdateViewSet(CandidateScopedMixin, ReadOnly):
    serializer_class = serializers.CareerUpdateSerializer
    queryset = CareerUpdate.objects.all()
