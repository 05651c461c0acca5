"""Keeps check-in schedules in step with candidate changes (see candidates.signals)."""
from .models import CheckInSchedule
from .services import schedule_apply_tier, schedule_copy_candidate, schedule_create

# The candidate's fields the schedule holds a copy of (see CheckInSchedule.owner).
COPIED_FIELDS = {"owner", "tier"}


def keep_schedule_in_step(sender, *, candidate, created: bool, changed: set[str], **kwargs) -> None:
    if created:
        schedule_create(candidate=candidate)
        return
    if changed & COPIED_FIELDS:
        schedule_copy_candidate(candidate=candidate)
    if "tier" in changed:
        # The candidate as just saved, not a second copy joined from the database.
        schedule = CheckInSchedule.objects.get(candidate=candidate)
        schedule.candidate = candidate
        schedule_apply_tier(schedule=schedule)
