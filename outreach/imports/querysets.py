"""Reads over import runs."""
from django.db import models


class ImportRunQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ImportRunQuerySet":
        """A recruiter sees their own imports; managers and admins see the team's."""
        if user.has_perm("candidates.view_team_dashboard"):
            return self
        return self.filter(created_by=user)
