"""Every write to an opening: keyword-only, each owning its transaction."""
import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from candidates.models import skill_tags

from .choices import OpeningStatus
from .models import Opening

# What the form edits; status and opened_at change only through opening_set_status.
EDITABLE = ("title", "team", "location", "remote", "pay_currency", "pay_min", "pay_max", "skills",
            "hiring_manager")


@transaction.atomic
def opening_create(*, title: str, pay_currency: str, pay_min: int, pay_max: int, hiring_manager: AbstractBaseUser,
                   created_by: AbstractBaseUser | None, team: str = "", location: str = "", remote: bool = False,
                   skills: list[str] | None = None, now: dt.datetime | None = None) -> Opening:
    """A new opening, open from now."""
    return Opening.objects.create(
        title=title, team=team, location=location, remote=remote, pay_currency=pay_currency, pay_min=pay_min,
        pay_max=pay_max, skills=skill_tags(skills or []), hiring_manager=hiring_manager, created_by=created_by,
        status=OpeningStatus.OPEN, opened_at=now or timezone.now(),
    )


@transaction.atomic
def opening_update(*, opening: Opening, **fields) -> Opening:
    """Save the edited fields (any of EDITABLE); the status and when it opened stay as they are."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"opening_update() cannot change {', '.join(sorted(unknown))}")
    if "skills" in fields:
        fields["skills"] = skill_tags(fields["skills"] or [])
    for name, value in fields.items():
        setattr(opening, name, value)
    opening.save(update_fields=[*fields, "updated_at"])
    return opening


@transaction.atomic
def opening_set_status(*, opening: Opening, status: str, now: dt.datetime | None = None) -> bool:
    """Open, put on hold or fill the opening; returns False when it already had that status.

    Opening it again after it was on hold or filled starts it afresh (opened_at is now): to the
    re-approach signals that is a new opening, news to everyone who got away since it last opened.
    """
    if status not in OpeningStatus.values:
        raise ValueError(f"not an opening status: {status!r}")
    locked = Opening.objects.select_for_update().get(pk=opening.pk)
    if locked.status == status:
        opening.status, opening.opened_at = locked.status, locked.opened_at
        return False
    opening.status = status
    changed = ["status", "updated_at"]
    if status == OpeningStatus.OPEN:
        opening.opened_at = now or timezone.now()
        changed.append("opened_at")
    opening.save(update_fields=changed)
    return True
