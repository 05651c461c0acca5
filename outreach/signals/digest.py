"""Who to contact today in the recruiter's morning digest: the top five, each with its reason."""
import datetime as dt

from django.conf import settings

from .ranking import contact_today

PER_DIGEST = 5


def top_five_rows(*, recipients, now: dt.datetime) -> dict[int, list[dict]]:
    site = settings.SITE_URL.rstrip("/")
    rows = {}
    for user in recipients:
        ranked = contact_today(user=user, now=now, limit=PER_DIGEST)
        if ranked:
            rows[user.pk] = [
                {"text": f"{row.candidate.full_name}: {row.reason}", "url": f"{site}{row.candidate.get_absolute_url()}"}
                for row in ranked
            ]
    return rows


def summary(rows: list[dict]) -> str:
    return f"{len(rows)} to contact today"
