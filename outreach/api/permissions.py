from rest_framework.permissions import BasePermission


class CanUseTheApi(BasePermission):
    """Anyone in a role (the role groups can all view candidates); a login without a role cannot."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("candidates.view_candidate"))
