"""Template context for every page: the scheduler warning managers and admins need to see."""
import functools

from django.utils import timezone

from .heartbeat import STALE_AFTER, heartbeat_last


def scheduler_warning(request) -> dict:
    """`scheduler_warning` is a callable the template evaluates only when it renders the banner.

    Recruiters cost no heartbeat query; for managers it is one indexed lookup.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @functools.cache
    def warning() -> dict | None:
        if not user.has_perm("candidates.view_team_dashboard"):
            return None
        last = heartbeat_last()
        if last is not None and last >= timezone.now() - STALE_AFTER:
            return None
        return {"last_beat": last, "stale_minutes": int(STALE_AFTER.total_seconds() // 60)}

    return {"scheduler_warning": warning}
