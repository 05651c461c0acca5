"""Who to contact today in the recruiter's morning digest: the top five, each with its reason and one-click links.

Only those with a reason beyond an overdue check-in: the digest lists those under its own
heading already. Every recruiter in the run is ranked in the same few queries.
"""
import datetime as dt

from django.conf import settings

from outreach.digests.links import DigestAction, digest_link_path

from .ranking import contact_today_for

PER_DIGEST = 5


def top_five_rows(*, recipients, now: dt.datetime) -> dict[int, list[dict]]:
    site = settings.SITE_URL.rstrip("/")
    rows = {}
    by_owner = contact_today_for(users=recipients, now=now, limit=PER_DIGEST, with_overdue=False)
    for user in recipients:
        ranked = by_owner.get(user.pk)
        if not ranked:
            continue
        rows[user.pk] = []
        for row in ranked:
            candidate = row.candidate
            entry = {"name": candidate.full_name, "reason": row.reason, "tier_label": row.tier_label,
                     "text": f"{candidate.full_name}: {row.reason}", "url": f"{site}{candidate.get_absolute_url()}"}
            schedule = getattr(candidate, "schedule", None)
            if schedule is not None:
                # The same signed one-click links as the check-in rows, bound to this recruiter and candidate.
                for name, action in (("logged_url", DigestAction.LOGGED), ("snooze_url", DigestAction.SNOOZE)):
                    entry[name] = site + digest_link_path(user_id=user.pk, candidate_id=candidate.pk, action=action,
                                                          due_at=schedule.next_due_at)
            rows[user.pk].append(entry)
    return rows


def summary(rows: list[dict]) -> str:
    return f"{len(rows)} to contact today" if len(rows) > 1 else "1 to contact today"
