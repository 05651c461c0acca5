"""Settings → Webhooks (admins): endpoints, their secret shown once, the delivery log, pings.

Thin: the form validates (the address included), a service writes, the page shows the rows.
"""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import DeleteView, FormView, ListView, UpdateView

from .forms import WebhookEndpointForm
from .models import RETRY_DELAYS, DeliveryStatus, WebhookDelivery, WebhookEndpoint
from .services import (
    webhook_delivery_send_again,
    webhook_endpoint_create,
    webhook_endpoint_roll_secret,
    webhook_endpoint_set_active,
    webhook_endpoint_update,
    webhook_ping,
)

MANAGE = "webhooks.change_webhookendpoint"


class WebhookEndpointListView(PermissionRequiredMixin, ListView):
    permission_required = "webhooks.view_webhookendpoint"
    template_name = "webhooks/endpoint_list.html"
    context_object_name = "endpoints"

    def get_queryset(self):
        return WebhookEndpoint.objects.all()


class WebhookEndpointCreateView(PermissionRequiredMixin, FormView):
    permission_required = "webhooks.add_webhookendpoint"
    template_name = "webhooks/endpoint_form.html"
    form_class = WebhookEndpointForm

    def form_valid(self, form):
        data = form.cleaned_data
        endpoint, secret = webhook_endpoint_create(url=data["url"], events=data["events"],
                                                   description=data["description"], created_by=self.request.user)
        # Rendered, not redirected: the secret is on this one page and nowhere else, ever.
        return _detail_response(self.request, endpoint, new_secret=secret)


class EndpointMixin(PermissionRequiredMixin):
    permission_required = MANAGE

    @cached_property
    def endpoint(self) -> WebhookEndpoint:
        return get_object_or_404(WebhookEndpoint, pk=self.kwargs["pk"])


class DeliveryLogView(EndpointMixin, ListView):
    """One endpoint: what it receives, and every delivery, newest first, 50 to a page."""

    permission_required = "webhooks.view_webhookendpoint"
    template_name = "webhooks/endpoint_detail.html"
    context_object_name = "deliveries"
    paginate_by = 50

    def get_queryset(self):
        return WebhookDelivery.objects.filter(endpoint=self.endpoint).for_log()

    def get_context_data(self, **kwargs):
        delays = [f"{seconds // 3600:g} h" if seconds >= 3600 else f"{seconds // 60:g} min"
                  for seconds in (delay.total_seconds() for delay in RETRY_DELAYS)]
        return super().get_context_data(endpoint=self.endpoint, pending=DeliveryStatus.PENDING, retry_delays=delays,
                                        timeout=settings.WEBHOOK_TIMEOUT_SECONDS, **kwargs)


def _detail_response(request, endpoint: WebhookEndpoint, *, new_secret: str):
    view = DeliveryLogView(request=request, kwargs={"pk": endpoint.pk}, args=())
    view.object_list = view.get_queryset()
    return view.render_to_response(view.get_context_data(new_secret=new_secret))


class WebhookEndpointUpdateView(EndpointMixin, UpdateView):
    template_name = "webhooks/endpoint_form.html"
    form_class = WebhookEndpointForm

    def get_object(self, queryset=None):
        return self.endpoint

    def form_valid(self, form):
        data = form.cleaned_data
        webhook_endpoint_update(endpoint=self.endpoint, url=data["url"], events=data["events"],
                                description=data["description"])
        messages.success(self.request, "Webhook saved.")
        return redirect(self.endpoint)


class WebhookEndpointDeleteView(EndpointMixin, DeleteView):
    permission_required = "webhooks.delete_webhookendpoint"
    template_name = "webhooks/endpoint_confirm_delete.html"
    success_url = reverse_lazy("webhooks:list")
    context_object_name = "endpoint"

    def get_object(self, queryset=None):
        return self.endpoint

    def form_valid(self, form):
        messages.success(self.request, f"The webhook to {self.endpoint.url} is deleted, with its delivery log.")
        return super().form_valid(form)


class SetActiveView(EndpointMixin, View):
    def post(self, request, pk):
        active = request.POST.get("active") == "on"
        webhook_endpoint_set_active(endpoint=self.endpoint, active=active)
        messages.success(request, "Webhook switched on: waiting deliveries go out now." if active
                         else "Webhook switched off: nothing is sent until it is on again.")
        return redirect(self.endpoint)


class PingView(EndpointMixin, View):
    def post(self, request, pk):
        webhook_ping(endpoint=self.endpoint)
        messages.info(request, "Test ping sent: its delivery is at the top of the log below.")
        return redirect(self.endpoint)


class RollSecretView(EndpointMixin, View):
    def post(self, request, pk):
        secret = webhook_endpoint_roll_secret(endpoint=self.endpoint)
        return _detail_response(request, self.endpoint, new_secret=secret)


class SendAgainView(PermissionRequiredMixin, View):
    permission_required = MANAGE

    def post(self, request, pk):
        delivery = get_object_or_404(WebhookDelivery.objects.select_related("endpoint"), pk=pk)
        if webhook_delivery_send_again(delivery=delivery):
            messages.success(request, "Sending again.")
        else:
            messages.info(request, "That delivery is still on its way; it can be sent again once it is done.")
        return redirect(delivery.endpoint)
