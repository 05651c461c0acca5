"""Openings: the list, an opening's page with its silver medallists, the form, the status change.

Thin: forms validate, services write, the silver medallists come from silver.py. Everyone on the
team reads openings; managers and admins add and change them.
"""
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from .choices import OpeningStatus
from .forms import OpeningFilterForm, OpeningForm
from .models import Opening
from .querysets import ALL_STATUSES, STATUS_FILTERS
from .services import EDITABLE, opening_create, opening_set_status, opening_update
from .silver import silver_medallists, silver_rows

CHANGE = "openings.change_opening"
SILVER_PER_PAGE = 25
STATUS_MESSAGES = {
    OpeningStatus.OPEN: "“{title}” is open: its silver medallists count it as a new opening from today.",
    OpeningStatus.ON_HOLD: "“{title}” is on hold.",
    OpeningStatus.FILLED: "“{title}” is filled. Congratulations!",
}


class OpeningListView(PermissionRequiredMixin, ListView):
    permission_required = "openings.view_opening"
    template_name = "openings/opening_list.html"
    context_object_name = "openings"
    paginate_by = 50

    @cached_property
    def filters(self) -> OpeningFilterForm:
        return OpeningFilterForm(self.request.GET, teams=Opening.objects.teams())

    def get_queryset(self):
        status = self.filters.value("status", OpeningStatus.OPEN)
        return Opening.objects.with_status(status).for_team(self.filters.value("team")).for_list()

    def get_context_data(self, **kwargs):
        team = self.filters.value("team")
        counts = Opening.objects.for_team(team).status_counts()
        tabs = [(value, label, counts[value]) for value, label in STATUS_FILTERS]
        return super().get_context_data(filters=self.filters, tabs=tabs, team=team, all_statuses=ALL_STATUSES,
                                        status=self.filters.value("status", OpeningStatus.OPEN), **kwargs)


class OpeningDetailView(PermissionRequiredMixin, DetailView):
    """The opening, and who nearly joined for a role like it: 25 silver medallists to a page."""

    permission_required = "openings.view_opening"
    template_name = "openings/opening_detail.html"
    context_object_name = "opening"

    def get_queryset(self):
        return Opening.objects.select_related("hiring_manager", "created_by")

    def get_context_data(self, **kwargs):
        opening = self.object
        medallists = silver_medallists(opening)
        # The page asked for, read first: with its rows comes the total, so paging costs no count.
        number = self.request.GET.get("page", "")
        number = int(number) if number.isdigit() and 0 < int(number) < 10_000 else 1
        medallists[(number - 1) * SILVER_PER_PAGE:number * SILVER_PER_PAGE]
        page = Paginator(medallists, SILVER_PER_PAGE).get_page(number)
        return super().get_context_data(
            silver_page=page, silver=silver_rows(opening, list(page.object_list)),
            back_to=self.request.get_full_path(), statuses=OpeningStatus, **kwargs)


class OpeningCreateView(PermissionRequiredMixin, FormView):
    permission_required = "openings.add_opening"
    template_name = "openings/opening_form.html"
    form_class = OpeningForm

    def get_initial(self):
        # The manager adding it usually hires for it, in the currency the team's last opening used.
        last_currency = Opening.objects.order_by("-created_at").values_list("pay_currency", flat=True).first()
        return {"hiring_manager": self.request.user.pk, "pay_currency": last_currency or ""}

    def form_valid(self, form):
        fields = {name: form.cleaned_data[name] for name in EDITABLE}
        opening = opening_create(created_by=self.request.user, **fields)
        messages.success(self.request, f"Opened “{opening.title}”. Below: who nearly joined for a role like it.")
        return redirect(opening)


class OpeningMixin(PermissionRequiredMixin):
    permission_required = CHANGE

    @cached_property
    def opening(self) -> Opening:
        return get_object_or_404(Opening, pk=self.kwargs["pk"])


class OpeningUpdateView(OpeningMixin, FormView):
    template_name = "openings/opening_form.html"
    form_class = OpeningForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.opening}

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.opening, **kwargs)

    def form_valid(self, form):
        # Saved from the values the form checked, never from the half-validated instance.
        opening = get_object_or_404(Opening, pk=self.opening.pk)
        opening_update(opening=opening, **{name: form.cleaned_data[name] for name in EDITABLE})
        messages.success(self.request, f"Saved “{opening.title}”.")
        return redirect(opening)


class OpeningStatusView(OpeningMixin, View):
    """Open, put on hold or fill; filling asks first (it takes the opening off the signals)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        opening = self.opening
        status = request.POST.get("status", "")
        if status not in OpeningStatus.values:
            messages.error(request, "Choose Open, On hold or Filled.")
            return redirect(opening)
        if status == OpeningStatus.FILLED and request.POST.get("confirmed") != "yes" and opening.status != status:
            return render(request, "openings/opening_confirm_filled.html", {"opening": opening})
        if opening_set_status(opening=opening, status=status):
            messages.success(request, STATUS_MESSAGES[status].format(title=opening.title))
        else:
            messages.info(request, f"“{opening.title}” was already {opening.get_status_display().lower()}.")
        return redirect(opening)
