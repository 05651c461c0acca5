"""Settings → API tokens: make one (shown once), see when each was last used, revoke."""
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import FormView
from drf_spectacular.views import SpectacularAPIView

from .forms import ApiTokenForm
from .models import ApiToken
from .services import api_token_create, api_token_revoke


class ApiTokenListView(PermissionRequiredMixin, FormView):
    permission_required = "candidates.view_candidate"
    template_name = "api/apitoken_list.html"
    form_class = ApiTokenForm

    def get_context_data(self, **kwargs):
        tokens = ApiToken.objects.filter(user=self.request.user)
        return super().get_context_data(tokens=tokens, new_key=kwargs.pop("new_key", None), **kwargs)

    def form_valid(self, form):
        token, key = api_token_create(user=self.request.user, name=form.cleaned_data["name"])
        # Rendered, not redirected: the key is on this one page and nowhere else, ever.
        return self.render_to_response(self.get_context_data(form=ApiTokenForm(), new_key=key, new_token=token))


class ApiTokenRevokeView(PermissionRequiredMixin, View):
    permission_required = "candidates.view_candidate"

    def post(self, request, pk):
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        api_token_revoke(token=token)
        messages.success(request, f"The token “{token.name}” no longer works.")
        return redirect("api:tokens")


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, under a fixed file name (the stock one echoes ?version= into a header)."""

    def _get_filename(self, request, version):
        return "nurture-api.yaml"
