"""Who to contact today at the top of My check-ins."""
from .ranking import contact_today


def contact_today_rows(*, user, now):
    return contact_today(user=user, now=now)
