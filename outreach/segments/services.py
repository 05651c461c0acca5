"""Every write to segments: create, change, delete. Each owns its transaction."""
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError

from .models import Segment

User = get_user_model()


class SegmentInUse(Exception):
    """Something scheduled or sent uses the segment (a newsletter, an event's invitations ...)."""

    def __init__(self, users: list[str]):
        self.users = users
        super().__init__(", ".join(users))


@transaction.atomic
def segment_create(*, owner: User, fields: dict, candidate_owners: list[User]) -> Segment:
    """`fields` are the form's cleaned model fields (name, description, shared, the filters)."""
    segment = Segment.objects.create(owner=owner, **fields)
    segment.candidate_owners.set(candidate_owners)
    return segment


@transaction.atomic
def segment_update(*, segment: Segment, fields: dict, candidate_owners: list[User]) -> Segment:
    for name, value in fields.items():
        setattr(segment, name, value)
    segment.save(update_fields=[*fields, "updated_at"])
    segment.candidate_owners.set(candidate_owners)
    return segment


@transaction.atomic
def segment_delete(*, segment: Segment) -> None:
    """Delete it; raises SegmentInUse, naming what uses it, when another app's rows protect it."""
    try:
        segment.delete()
    except ProtectedError as error:
        raise SegmentInUse(sorted({str(obj) for obj in error.protected_objects})[:5]) from error
