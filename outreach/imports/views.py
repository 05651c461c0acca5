"""Import pages: upload, choose columns, read the dry run, confirm, watch it run, undo.

Thin: forms validate, services write, the import itself runs on a worker (tasks.py).
"""
import csv
import itertools

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from .forms import MappingForm, UploadForm
from .models import ImportRun, ImportStatus
from .planning import plan_chunks
from .reading import UnreadableFile, read_table
from .services import import_configure, import_confirm, import_start, import_undo_request

SAMPLE_ROWS = 3


class RunMixin(PermissionRequiredMixin):
    permission_required = "imports.view_importrun"

    @cached_property
    def run(self) -> ImportRun:
        return get_object_or_404(ImportRun.objects.visible_to(self.request.user), pk=self.kwargs["pk"])


class ImportListView(PermissionRequiredMixin, ListView):
    permission_required = "imports.view_importrun"
    template_name = "imports/importrun_list.html"
    context_object_name = "runs"
    paginate_by = 25

    def get_queryset(self):
        return ImportRun.objects.visible_to(self.request.user).select_related("created_by").defer("source", "preview")


class ImportCreateView(PermissionRequiredMixin, FormView):
    permission_required = "imports.add_importrun"
    template_name = "imports/importrun_upload.html"
    form_class = UploadForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        run = import_start(user=self.request.user, filename=form.cleaned_data["file"].name, data=form.data_bytes,
                           saved_mapping=form.cleaned_data["saved_mapping"])
        return redirect("imports:mapping", pk=run.pk)


class ImportMappingView(RunMixin, FormView):
    permission_required = "imports.add_importrun"
    template_name = "imports/importrun_mapping.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        if self.run.status not in (ImportStatus.MAPPING, ImportStatus.PREVIEWED):
            messages.info(request, "This import has been confirmed: its columns can no longer change.")
            return redirect(self.run)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return MappingForm(**self.get_form_kwargs(), run=self.run, samples=self._samples())

    def _samples(self) -> dict[str, list[str]]:
        rows = list(itertools.islice(read_table(self.run.file_bytes, self.run.filename).rows, SAMPLE_ROWS))
        return {header: [row[i][:40] for row in rows] for i, header in enumerate(self.run.headers)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(run=self.run, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            import_configure(run=self.run, mapping=form.mapping, email_policy=data["email_policy"],
                             linkedin_policy=data["linkedin_policy"], likely_policy=data["likely_policy"],
                             save_as=data["save_as"].strip())
        except UnreadableFile as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return redirect(self.run)


class ImportDetailView(RunMixin, DetailView):
    """The dry run's preview before confirming; the progress bar while running; the result after."""

    template_name = "imports/importrun_detail.html"
    context_object_name = "import_run"

    def get_object(self, queryset=None):
        return self.run


class ImportConfirmView(RunMixin, View):
    permission_required = "imports.add_importrun"

    def post(self, request, pk):
        if import_confirm(run=self.run):
            messages.success(request, f"Importing {self.run.filename}: you can leave this page, it carries on.")
        return redirect(self.run)


class ImportUndoView(RunMixin, View):
    permission_required = "imports.add_importrun"

    def post(self, request, pk):
        if import_undo_request(run=self.run):
            messages.success(request, "The import is being undone: its new candidates go and its updates are reverted.")
        else:
            messages.warning(request, "This import cannot be undone any more.")
        return redirect(self.run)


class ImportProgressView(RunMixin, View):
    """What the progress bar polls (static/js/import_progress.js)."""

    def get(self, request, pk):
        run = ImportRun.objects.filter(pk=self.run.pk).values(
            "status", "processed_rows", "total_rows", "created_count", "updated_count", "skipped_count",
            "error_count", "failure").get()
        finished = run["status"] not in (ImportStatus.QUEUED, ImportStatus.RUNNING, ImportStatus.UNDOING)
        percent = 100 if finished or not run["total_rows"] else int(100 * run["processed_rows"] / run["total_rows"])
        return JsonResponse({**run, "percent": percent, "finished": finished,
                             "status_label": ImportStatus(run["status"]).label})


class _Echo:
    def write(self, value):
        return value


class ImportPreviewCSVView(RunMixin, View):
    """Every row of the dry run with what will happen to it and why, streamed as it is worked out."""

    def get(self, request, pk):
        if not self.run.source or not self.run.mapping:
            raise Http404("The file of this import is no longer kept.")
        writer = csv.writer(_Echo())

        def lines():
            yield writer.writerow(["row", "action", "reason"])
            for chunk in plan_chunks(self.run):
                for plan in chunk:
                    yield writer.writerow([plan.number, plan.action, plan.reason])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="import-{self.run.pk}-preview.csv"'
        return response
