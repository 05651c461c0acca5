"""Career watch in the follower's daily digest: what their top-tier candidates published.

News is what was found since the recruiter's last daily digest (at most a week back), and
published after they started following the feed. One query for every recruiter in the run.
"""
import datetime as dt

from django.conf import settings
from django.db.models import F, OuterRef, Q, Subquery

from outreach.models import Digest, DigestKind

from .models import FeedItem

LOOK_BACK = dt.timedelta(days=7)
PER_RECRUITER = 20


def _first_name(full_name: str) -> str:
    return full_name.strip().partition(" ")[0] or full_name


def news_rows(*, recipients, now: dt.datetime) -> dict[int, list[dict]]:
    ids = [user.pk for user in recipients]
    oldest = now - LOOK_BACK
    # The follower's last daily digest before this one, read in the same query as the items.
    last_digest = (Digest.objects.filter(recipient_id=OuterRef("feed__followed_by_id"), kind=DigestKind.DAILY,
                                         created_at__lt=now).order_by("-created_at").values("created_at")[:1])
    items = (FeedItem.objects.filter(feed__followed_by_id__in=ids, found_at__gt=oldest, found_at__lte=now,
                                     published_at__gt=F("feed__followed_at"))
             .annotate(last_digest_at=Subquery(last_digest))
             .filter(Q(last_digest_at__isnull=True) | Q(found_at__gt=F("last_digest_at")))
             .select_related("feed__candidate").only("title", "link", "published_at", "found_at",
                                                     "feed__followed_by_id", "feed__candidate__full_name")
             .order_by("-published_at", "-id"))
    site = settings.SITE_URL.rstrip("/")
    rows: dict[int, list[dict]] = {}
    for item in items:
        follower = item.feed.followed_by_id
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
