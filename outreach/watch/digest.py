"""Career watch in the follower's daily digest: what their top-tier candidates published.

News is what was found since the recruiter's last daily digest (at most a week back), and
published after they started following the feed. One query for every recruiter in the run.
"""
import datetime as dt

from django.conf import settings
from django.db.models import F, Max

from outreach.models import Digest, DigestKind

from .models import FeedItem

LOOK_BACK = dt.timedelta(days=7)
PER_RECRUITER = 20


def _first_name(full_name: str) -> str:
    return full_name.strip().partition(" ")[0] or full_name


def news_rows(*, recipients, now: dt.datetime) -> dict[int, list[dict]]:
    ids = [user.pk for user in recipients]
    oldest = now - LOOK_BACK
    last_digest = dict(
        Digest.objects.filter(recipient_id__in=ids, kind=DigestKind.DAILY, created_at__lt=now)
        .values("recipient_id").annotate(at=Max("created_at")).values_list("recipient_id", "at")
    )
    items = (FeedItem.objects.filter(feed__followed_by_id__in=ids, found_at__gt=oldest, found_at__lte=now,
                                     published_at__gt=F("feed__followed_at"))
             .select_related("feed__candidate").only("title", "link", "published_at", "found_at",
                                                     "feed__followed_by_id", "feed__candidate__full_name")
             .order_by("-published_at", "-id"))
    site = settings.SITE_URL.rstrip("/")
    rows: dict[int, list[dict]] = {}
    for item in items:
        follower = item.feed.followed_by_id
        if item.found_at <= max(last_digest.get(follower, oldest), oldest):
            continue  # told in an earlier digest
        if len(rows.setdefault(follower, [])) >= PER_RECRUITER:
            continue
        candidate = item.feed.candidate
        rows[follower].append({
            "name": candidate.full_name, "first_name": _first_name(candidate.full_name), "title": item.title,
            "url": item.link, "candidate_url": f"{site}{candidate.get_absolute_url()}",
            "text": f"{_first_name(candidate.full_name)} published \u2018{item.title}\u2019 \u2014 say congrats",
        })
    return rows


def summary(rows: list[dict]) -> str:
    return f"{len(rows)} career watch update{'s' if len(rows) != 1 else ''}"
