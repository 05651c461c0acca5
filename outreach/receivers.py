"""Keeps check-in schedules in step with candidate changes (see candidates.signals)."""
from .models import CheckInSchedule
from .services import schedule_apply_tier, schedule_create


def keep_schedule_in_step(sender, *, candidate, created: bool, changed: set[str], **kwargs) -> None:
    if created:
        schedule_create(candidate=candidate)
    elif "tier" in changed:
        schedule = CheckInSchedule.objects.select_related("candidate").get(candidate=candidate)
        schedule.candidate = candidate
        schedule_apply_tier(schedule=schedule)
