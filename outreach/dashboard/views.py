"""The manager dashboard page and its CSV downloads; both read the same filters from the query string,
and the same figures: from the roll-ups once they exist, live queries otherwise."""
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from candidates.choices import Tier

from . import activity, figures
from .filters import PERIODS, parse_filters
from .registry import registered_sections, section_for_table
from .rolled import dashboard_figures
from .tables import table_csv

PERMISSION = "candidates.view_team_dashboard"
# What the 403 page calls these pages when it says who they are for (nurture/errors.py).
PAGE_NAME = "The team dashboard"

# Page order; each builder runs a fixed handful of aggregate queries.
SECTIONS = {
    "pipeline": figures.pipeline,
    "reasons": figures.reasons,
    "cold": figures.going_cold,
    "overdue": figures.overdue,
    "team": activity.team,
    "activity": activity.activity,
    "feedback": activity.feedback,
}
# CSV table name -> the section that builds it.
TABLE_SECTIONS = {name: name for name in SECTIONS} | {"feedback_delays": "feedback"}


class DashboardView(PermissionRequiredMixin, TemplateView):
    permission_required = PERMISSION
    page_name = PAGE_NAME
    template_name = "outreach/dashboard/dashboard.html"

    def get_context_data(self, **kwargs):
        f = parse_filters(self.request.GET)
        data = dashboard_figures(f)
        sections = {name: build(f, data) for name, build in SECTIONS.items()}
        # Sections other apps registered, after the core's, each with its own partial template.
        extra = [(registered.template, registered.builder(f, data)) for registered in registered_sections()]
        query = f.querystring()
        for section in [*sections.values(), *(section for _, section in extra)]:
            for name, table in section.tables.items():
                table.csv_url = f"{reverse('outreach:dashboard_csv', args=[name])}?{query}"
        return super().get_context_data(
            filters=f, s=sections, extra_sections=extra, periods=PERIODS.items(), tiers=Tier.choices, as_of=data.as_of,
            **kwargs
        )


class DashboardCsvView(PermissionRequiredMixin, View):
    permission_required = PERMISSION
    page_name = PAGE_NAME

    def get(self, request, table: str):
        registered = section_for_table(table)
        if table in TABLE_SECTIONS:
            build = SECTIONS[TABLE_SECTIONS[table]]
        elif registered:
            build = registered.builder
        else:
            raise Http404(f"No dashboard table called {table!r}.")
        f = parse_filters(request.GET)
        data = build(f, dashboard_figures(f)).tables[table]
        response = HttpResponse(table_csv(data), content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate(f.now).isoformat()
        response["Content-Disposition"] = f'attachment; filename="dashboard-{table}-{stamp}.csv"'
        return response
