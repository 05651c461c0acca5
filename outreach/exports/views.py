"""The candidate list's export: the same filters and order as the page.

A CSV of up to EXPORT_BACKGROUND_ROWS streams row by row, and a small spreadsheet (up to
EXPORT_INLINE_XLSX_ROWS) is written by openpyxl's write-only mode to a temporary file and
streamed from there. Anything bigger is built on a worker (building.py): the GET shows what
will happen and a button, the POST asks for it, and "My exports" has the file when it is ready,
for its requester only.
"""
import csv
import tempfile

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import FileResponse, Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, ListView

from candidates.forms import CandidateFilterForm
from candidates.models import Candidate

from .building import exports_dir
from .columns import HEADERS, export_rows
from .models import CandidateExport, ExportFormat, ExportStatus
from .services import candidate_export_request

# Excel's own limit is 1,048,576 rows (the header takes one); past it, the CSV.
XLSX_MAX_ROWS = 1_048_575
QUERY_MAX_CHARS = 2000


class _Echo:
    def write(self, value):
        return value


def _more_than(queryset, rows: int) -> bool:
    # Reads at most rows + 1 ids, never counts a million.
    return queryset.order_by()[rows: rows + 1].exists()


class CandidateExportMixin(PermissionRequiredMixin):
    permission_required = "candidates.view_candidate"

    def candidates(self):
        form = CandidateFilterForm(self.request.GET)
        queryset = form.filter(Candidate.objects.all(), user=self.request.user, now=timezone.now())
        return queryset.sorted_by(form.sort_key)

    def filename(self, extension: str) -> str:
        return f"candidates-{timezone.localdate():%Y-%m-%d}.{extension}"

    def offer_background(self, format: str, rows: int):
        """The page that says the export will be prepared, with the button that asks for it."""
        return render(self.request, "exports/export_confirm.html", {
            "format": format, "format_label": ExportFormat(format).label, "rows": rows,
            "query": self.request.GET.urlencode(),
            "back": f"{reverse('candidates:list')}?{self.request.GET.urlencode()}",
            "keep_days": settings.EXPORT_KEEP.days,
        })


class CandidateCSVExportView(CandidateExportMixin, View):
    def get(self, request):
        queryset = self.candidates()
        if _more_than(queryset, settings.EXPORT_BACKGROUND_ROWS):
            return self.offer_background(ExportFormat.CSV, settings.EXPORT_BACKGROUND_ROWS)
        writer = csv.writer(_Echo())

        def lines():
            yield "\ufeff"  # so Excel reads the file as UTF-8
            yield writer.writerow(HEADERS)
            for row in export_rows(queryset):
                yield writer.writerow(row)

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.filename("csv")}"'
        return response


class CandidateXLSXExportView(CandidateExportMixin, View):
    def get(self, request):
        from openpyxl import Workbook

        queryset = self.candidates()
        if _more_than(queryset, XLSX_MAX_ROWS):
            messages.warning(request, f"More than {XLSX_MAX_ROWS:,} candidates match, more than a spreadsheet holds: "
                                      "export them as CSV, or narrow the filters.")
            return redirect(f"{reverse('candidates:list')}?{request.GET.urlencode()}")
        if _more_than(queryset, settings.EXPORT_INLINE_XLSX_ROWS):
            return self.offer_background(ExportFormat.XLSX, settings.EXPORT_INLINE_XLSX_ROWS)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Candidates")
        sheet.append(HEADERS)
        for row in export_rows(queryset):
            sheet.append(row)
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
        workbook.save(spool)
        spool.seek(0)
        return FileResponse(spool, as_attachment=True, filename=self.filename("xlsx"),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class ExportRequestView(PermissionRequiredMixin, View):
    permission_required = "candidates.view_candidate"

    def post(self, request):
        format, query = request.POST.get("format", ""), request.POST.get("query", "")
        if format not in ExportFormat.values:
            return HttpResponseBadRequest("Choose CSV or XLSX.")
        if len(query) > QUERY_MAX_CHARS or "\x00" in query:
            return HttpResponseBadRequest("Those filters are too long to keep.")
        export = candidate_export_request(user=request.user, format=format, query=query)
        return redirect(export)


class MyExportsMixin(PermissionRequiredMixin):
    """Only the person who asked sees an export or its file; to anyone else it does not exist (404)."""

    permission_required = "candidates.view_candidate"

    def get_queryset(self):
        return CandidateExport.objects.filter(requested_by=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(keep_days=settings.EXPORT_KEEP.days,
                                        background_rows=settings.EXPORT_BACKGROUND_ROWS,
                                        inline_xlsx_rows=settings.EXPORT_INLINE_XLSX_ROWS, **kwargs)


class ExportListView(MyExportsMixin, ListView):
    template_name = "exports/export_list.html"
    context_object_name = "exports"
    paginate_by = 25


class ExportDetailView(MyExportsMixin, DetailView):
    template_name = "exports/export_detail.html"
    context_object_name = "export"


class ExportDownloadView(MyExportsMixin, View):
    def get(self, request, pk):
        export = get_object_or_404(self.get_queryset(), pk=pk)
        if export.status != ExportStatus.READY or not export.file_name:
            return redirect(export)  # not ready yet, or expired: the page says which
        try:
            handle = (exports_dir() / export.file_name).open("rb")
        except FileNotFoundError:
            raise Http404("The file is gone.") from None
        content_type = ("text/csv; charset=utf-8" if export.format == ExportFormat.CSV
                        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        return FileResponse(handle, as_attachment=True, filename=export.download_name, content_type=content_type)
