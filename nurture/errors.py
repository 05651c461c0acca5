"""The pages people see when something goes wrong: 400, 403 (and a refused form), 404, 500 and 503.

Each says what happened and where to go next, inside the app's own layout. The 500 page is
rendered without the request: the context processors (the signed-in user, messages, the
scheduler banner) all read the database, and the database may be the thing that failed.
"""
import logging
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import InterfaceError, OperationalError
from django.db.models import Q
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import get_text_list

# How many people the 403 page names as the ones to ask for a role.
ADMINS_NAMED = 3
# A database restarting or out of reach answers 503 with this hint, not a 500: nothing is broken
# in the app, the same request will work once the database is back.
RETRY_AFTER_SECONDS = 10
logger = logging.getLogger(__name__)


def bad_request(request, exception):
    return render(request, "errors/400.html", status=400)


def page_not_found(request, exception):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # No request, so no context processors and no database; only what the request itself knows.
    path = request.get_full_path()
    # "Try again" repeats a GET only, and only to a path on this site (never "//elsewhere").
    retry = request.method == "GET" and url_has_allowed_host_and_scheme(path, allowed_hosts=set())
    context = {"retry_path": path if retry else None}
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        logger.warning("database unavailable: answered 503 for %s", request.method)
        response = HttpResponse(loader.get_template("errors/503.html").render(context), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("errors/500.html").render(context))


def csrf_failure(request, reason=""):
    """A form refused because its security token was stale, e.g. open since before a log-out."""
    return render(request, "errors/403.html", {"csrf_failure": True}, status=403)


def permission_denied(request, exception):
    user = request.user
    roles = [group.name for group in user.groups.all()] if user.is_authenticated else []
    context = {"user_roles": roles, "admins": _admins_to_ask(user)}
    if not roles:
        context["all_roles"] = get_text_list(_groups_granting(()), "or")
    required = _required_permissions(request)
    if required:
        allowed = _groups_granting(required)
        context["allowed_roles"] = get_text_list([name.lower() for name in allowed], "and")
        # A view may say what it is ("The team dashboard"); otherwise the page speaks of itself.
        view_class = getattr(request.resolver_match.func, "view_class", None)
        context["page_name"] = getattr(view_class, "page_name", "This page")
    return render(request, "errors/403.html", context, status=403)


def _required_permissions(request) -> tuple[str, ...]:
    """The permissions the refusing view asked for (PermissionRequiredMixin), if it says."""
    match = getattr(request, "resolver_match", None)
    view_class = getattr(getattr(match, "func", None), "view_class", None)
    required = getattr(view_class, "permission_required", None)
    if not required:
        return ()
    return (required,) if isinstance(required, str) else tuple(required)


def _groups_granting(permissions: tuple[str, ...]) -> list[str]:
    """Names of the role groups holding every one of these permissions, least privileged first.

    Read from the groups as they stand, so a role an admin extends in the admin is named too.
    """
    wanted = {tuple(perm.split(".", 1)) for perm in permissions}
    groups = []
    for group in Group.objects.prefetch_related("permissions__content_type"):
        held = {(perm.content_type.app_label, perm.codename) for perm in group.permissions.all()}
        if wanted <= held:
            groups.append((len(held), group.name))
    return [name for _, name in sorted(groups)]


def _admins_to_ask(user) -> list[str]:
    """A few active people who can give out roles (superusers, or anyone who may change users)."""
    can_give_roles = (
        Q(is_superuser=True)
        | Q(user_permissions__codename="change_user", user_permissions__content_type__app_label="auth")
        | Q(groups__permissions__codename="change_user", groups__permissions__content_type__app_label="auth")
    )
    people = get_user_model().objects.filter(can_give_roles, is_active=True).exclude(pk=user.pk)
    people = people.distinct().order_by("first_name", "last_name", "username")[:ADMINS_NAMED]
    return [person.get_full_name() or person.get_username() for person in people]
