"""The candidate list's export: the same filters and order as the page, streamed.

CSV streams row by row. XLSX is written by openpyxl's write-only mode to a temporary file on
disk, then streamed from there, so neither format holds the whole list in memory.
"""
import csv
import tempfile

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View

from candidates.forms import CandidateFilterForm
from candidates.models import Candidate

from .columns import HEADERS, export_rows

# Excel's own limit is 1,048,576 rows; past this the XLSX is refused in favour of the CSV.
XLSX_MAX_ROWS = 200_000


class _Echo:
    def write(self, value):
        return value


class CandidateExportMixin(PermissionRequiredMixin):
    permission_required = "candidates.view_candidate"

    def candidates(self):
        form = CandidateFilterForm(self.request.GET)
        queryset = form.filter(Candidate.objects.all(), user=self.request.user, now=timezone.now())
        return queryset.sorted_by(form.sort_key)

    def filename(self, extension: str) -> str:
        return f"candidates-{timezone.localdate():%Y-%m-%d}.{extension}"


class CandidateCSVExportView(CandidateExportMixin, View):
    def get(self, request):
        writer = csv.writer(_Echo())

        def lines():
            yield "\ufeff"  # so Excel reads the file as UTF-8
            yield writer.writerow(HEADERS)
            for row in export_rows(self.candidates()):
                yield writer.writerow(row)

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.filename("csv")}"'
        return response


class CandidateXLSXExportView(CandidateExportMixin, View):
    def get(self, request):
        from openpyxl import Workbook

        queryset = self.candidates()
        if queryset.count() > XLSX_MAX_ROWS:
            messages.warning(request, f"More than {XLSX_MAX_ROWS:,} candidates match: export them as CSV, "
                                      "or narrow the filters for a spreadsheet.")
            return redirect(f"{reverse('candidates:list')}?{request.GET.urlencode()}")
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
