from django.db import models
from django.db.models import Q


class SegmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SegmentQuerySet":
        """The segments someone may look at and send to: their own, the team's shared ones; managers see all."""
        if user.has_perm("segments.change_any_segment"):
            return self
        return self.filter(Q(owner=user) | Q(shared=True))
