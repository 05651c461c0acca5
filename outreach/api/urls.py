"""/api/v1/ from the registry (outreach/api_registry.py), the schema and its docs.

Every API route opts out of the login redirect: a token, not a session, is how most callers
sign in, and a refusal is a 401/403 in JSON, never a redirect to the login page.
"""
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_not_required, login_required
from django.urls import URLPattern, URLResolver, include, path
from django.utils.module_loading import import_string
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from outreach.api_registry import registered_viewsets

from . import views

app_name = "api"

# Swagger UI (drf-spectacular-sidecar, pinned) adds one <style> element of its own; this page
# alone allows that one by its hash, so the site's policy stays 'self' everywhere else.
_SWAGGER_STYLE = csp_update({"style-src": ["'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"]})


def _router() -> DefaultRouter:
    # Path converters (<int:pk>), no format suffixes: one URL per resource.
    router = DefaultRouter(use_regex_path=False)
    router.include_format_suffixes = False
    for entry in registered_viewsets():
        router.register(entry.prefix, import_string(entry.viewset), basename=entry.basename)
    return router


def _open(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = login_not_required(pattern.callback)
        elif isinstance(pattern, URLResolver):
            _open(pattern.url_patterns)
    return patterns


urlpatterns = [
    path("api/v1/", include(_open(_router().urls))),
    path("api/schema/", login_not_required(views.SchemaView.as_view()), name="schema"),
    # The docs are a page for people: a stranger is sent to log in, like everywhere else.
    path("api/docs/", login_required(_SWAGGER_STYLE(SpectacularSwaggerSplitView.as_view(url_name="api:schema"))),
         name="docs"),
    path("settings/api-tokens/", views.ApiTokenListView.as_view(), name="tokens"),
    path("settings/api-tokens/<int:pk>/revoke/", views.ApiTokenRevokeView.as_view(), name="token_revoke"),
]
