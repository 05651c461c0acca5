"""What a digest says and when it is due: snapshots, local digest slots, the email itself.

A digest's content is a JSON snapshot taken when it is queued, so the email a
worker sends an hour later (after a broker outage, say) lists exactly what the
recruiter would have seen on time, and the admin shows what was sent.
"""
import datetime as dt
import unicodedata
import zoneinfo
from collections import defaultdict
from itertools import groupby
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import Truncator

from candidates.choices import Stage, Tier, Weekday
from candidates.dates import DateLabels
from candidates.models import StageChange

from ..checkin_rows import url_maker
from ..choices import TouchKind
from ..models import CheckInSchedule, Digest, DigestKind
from .links import DigestAction, digest_link_paths
from .registry import registered_sections, section_named

User = get_user_model()

# A digest slot missed (beat or broker down at the digest hour) is still honoured
# by the next hourly run within this window; after that the day is skipped
# rather than sending a morning digest in the evening.
DIGEST_GRACE = dt.timedelta(hours=getattr(settings, "DIGEST_GRACE_HOURS", 4))
MANAGER_DIGEST_WEEKDAY = 0  # Monday
# An email listing hundreds of people is not read; the rest are one click away.
DIGEST_MAX_ITEMS = 50
# A top-tier candidate this many days past due is "going cold" in the manager's digest.
GOING_COLD_DAYS = 14


def profile_zone(profile) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(str(profile.timezone))


def digest_slot(*, local_date: dt.date, hour: int, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The aware moment of `hour` o'clock on `local_date` in `zone`.

    On a spring-forward day a missing hour (01:00 in London) maps to the
    instant the clocks jump, so the digest still goes out that morning.
    """
    naive = dt.datetime.combine(local_date, dt.time(hour))
    return naive.replace(tzinfo=zone).astimezone(dt.UTC)


def digest_date_due(*, now: dt.datetime, hour: int, weekdays, zone: zoneinfo.ZoneInfo) -> dt.date | None:
    """The local date whose digest slot has been reached (within the grace window), if any."""
    today = now.astimezone(zone).date()
    for local_date in (today, today - dt.timedelta(days=1)):
        if local_date.weekday() not in weekdays:
            continue
        slot = digest_slot(local_date=local_date, hour=hour, zone=zone)
        if slot <= now < slot + DIGEST_GRACE:
            return local_date
    return None


def next_digest_slot(*, now: dt.datetime, hour: int, weekdays, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """The next moment a daily digest will be queued for these settings (None: no digest days)."""
    today = now.astimezone(zone).date()
    for offset in range(8):
        local_date = today + dt.timedelta(days=offset)
        slot = digest_slot(local_date=local_date, hour=hour, zone=zone)
        if local_date.weekday() in weekdays and slot >= now - dt.timedelta(minutes=59):
            return slot
    return None


def schedule_label(profile) -> str:
    """"08:00 Europe/London, Monday to Friday": when this person's daily digest arrives."""
    days = sorted(profile.digest_weekdays or [])
    if days == [0, 1, 2, 3, 4]:
        day_text = "Monday to Friday"
    elif days == list(range(7)):
        day_text = "every day"
    else:
        day_text = ", ".join(Weekday(day).label for day in days) or "no days"
    return f"{profile.digest_hour:02d}:00 {profile.timezone}, {day_text}"


def _end_of_local_day(local_date: dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(local_date + dt.timedelta(days=1), dt.time()).replace(tzinfo=zone)


def _subject(overdue: int, due_today: int) -> str:
    parts = []
    if overdue:
        parts.append(f"{overdue} check-in{'s' if overdue != 1 else ''} overdue")
    if due_today:
        noun = "" if overdue else f" check-in{'s' if due_today != 1 else ''}"
        parts.append(f"{due_today}{noun} due today")
    return ", ".join(parts)


def daily_digest_content(*, recipient: User, local_date: dt.date, now: dt.datetime) -> dict | None:
    """The snapshot of a recruiter's check-ins overdue or due on `local_date`; None when nothing is due."""
    return daily_digest_contents(due=[(recipient, local_date)], now=now).get(recipient.pk)


def daily_digest_contents(*, due: list[tuple[User, dt.date]], now: dt.datetime) -> dict[int, dict]:
    """daily_digest_content for many recruiters at once: {recipient pk: snapshot}, leaving out those with nothing due.

    One query for all the recruiters whose local day ends at the same moment (a whole team
    in one timezone: one query), instead of one per recruiter; it returns only the rows the
    emails list, with each recruiter's counts alongside.
    """
    by_day_end = defaultdict(dict)
    for recipient, local_date in due:
        by_day_end[_end_of_local_day(local_date, profile_zone(recipient.profile))][recipient.pk] = recipient
    contents = {}
    for day_end, recipients in by_day_end.items():
        schedules = (
            CheckInSchedule.objects.filter(owner_id__in=list(recipients))
            .due_by(day_end)
            .select_related("candidate")
            .only(*SNAPSHOT_FIELDS)
            .most_urgent_per_owner(limit=DIGEST_MAX_ITEMS, now=now)
        )
        for owner_id, rows in groupby(schedules, key=lambda schedule: schedule.owner_id):
            contents[owner_id] = _daily_snapshot(list(rows), recipient=recipients[owner_id], now=now)
    _add_registered_sections(contents, recipients=[recipient for recipient, _ in due], now=now)
    return contents


def _add_registered_sections(contents: dict[int, dict], *, recipients: list[User], now: dt.datetime) -> None:
    """What other apps have for these recruiters (outreach/digests/registry.py), one builder call each."""
    by_pk = {recipient.pk: recipient for recipient in recipients}
    for section in registered_sections():
        for pk, rows in section.builder(recipients=recipients, now=now).items():
            if not rows or pk not in by_pk:
                continue
            content = contents.get(pk) or _nothing_due(recipient=by_pk[pk], now=now)
            content.setdefault("sections", {})[section.name] = rows
            contents[pk] = content
    for content in contents.values():
        extra = [section_named(name).summary(rows) for name, rows in content.get("sections", {}).items()]
        if extra:
            core = [content["subject"]] if content["items"] else []
            content["subject"] = "; ".join(core + extra)


def _nothing_due(*, recipient: User, now: dt.datetime) -> dict:
    return {
        "subject": "", "timezone": str(profile_zone(recipient.profile)), "generated_at": now.isoformat(),
        "overdue_count": 0, "due_today_count": 0, "items": [], "not_listed": 0,
    }


# What a daily snapshot reads, so the query fetches no more than that.
SNAPSHOT_FIELDS = (
    "next_due_at", "last_touch_at", "last_touch_summary", "preferred_channel",
    "candidate__full_name", "candidate__tier", "candidate__current_title", "candidate__current_company",
    "owner_id",
)


def _daily_snapshot(schedules: list[CheckInSchedule], *, recipient: User, now: dt.datetime) -> dict:
    """The snapshot from a recruiter's most urgent schedules, annotated by most_urgent_per_owner."""
    items = []
    for schedule in schedules:
        candidate = schedule.candidate
        items.append(
            {
                "candidate_id": candidate.pk,
                "name": candidate.full_name,
                "tier": candidate.tier,
                "tier_label": Tier(candidate.tier).label,
                "current_role": candidate.current_role,
                "overdue": schedule.next_due_at <= now,
                "days_overdue": schedule.days_overdue(now),
                "due_at": schedule.next_due_at.isoformat(),
                "last_touch_at": schedule.last_touch_at.isoformat() if schedule.last_touch_at else None,
                "last_touch_summary": schedule.last_touch_summary,
                "preferred_channel": TouchKind(schedule.preferred_channel).label,
            }
        )
    total, overdue = schedules[0].owner_total, schedules[0].owner_overdue
    return {
        "subject": _subject(overdue, total - overdue),
        "timezone": str(profile_zone(recipient.profile)),
        "generated_at": now.isoformat(),
        "overdue_count": overdue,
        "due_today_count": total - overdue,
        # Top tier first, so what is cut off is the least urgent; the counts stay whole.
        "items": items,
        "not_listed": total - len(items),
    }


def manager_digest_content(*, recipient: User, local_date: dt.date, now: dt.datetime) -> dict:
    """The team's week for a manager: overdue per recruiter, top tier going cold, who came back."""
    week_start = now - dt.timedelta(days=7)
    overdue = CheckInSchedule.objects.overdue(now)
    overdue_by_owner = dict(
        overdue.order_by().values("owner").annotate(n=Count("pk")).values_list("owner", "n")
    )
    owners = User.objects.filter(is_active=True, owned_candidates__isnull=False).distinct()
    cold = (
        overdue.filter(tier=Tier.TOP, next_due_at__lte=now - dt.timedelta(days=GOING_COLD_DAYS))
        .with_candidate()
        .order_by("next_due_at", "pk")[:25]
    )
    comebacks = (
        StageChange.objects.filter(changed_at__gte=week_start, changed_at__lt=now,
                                   to_stage__in=[Stage.RE_ENGAGED, Stage.REHIRED])
        .select_related("candidate", "candidate__owner")
        .order_by("-changed_at", "-id")
    )
    by_recruiter = sorted(
        ({"name": user.get_full_name() or user.username, "overdue": overdue_by_owner.get(user.pk, 0)}
         for user in owners),
        key=lambda row: (-row["overdue"], row["name"]),
    )
    total_overdue = sum(row["overdue"] for row in by_recruiter)
    return {
        "subject": f"Team week: {total_overdue} check-in{'s' if total_overdue != 1 else ''} overdue, "
                   f"{len(comebacks)} re-engaged or rehired",
        "timezone": str(profile_zone(recipient.profile)),
        "generated_at": now.isoformat(),
        "week_start": week_start.isoformat(),
        "by_recruiter": by_recruiter,
        "going_cold": [
            {
                "candidate_id": s.candidate_id,
                "name": s.candidate.full_name,
                "owner": s.candidate.owner.get_full_name() or s.candidate.owner.username,
                "days_overdue": s.days_overdue(now),
                "last_touch_at": s.last_touch_at.isoformat() if s.last_touch_at else None,
            }
            for s in cold
        ],
        "comebacks": [
            {
                "candidate_id": change.candidate_id,
                "name": change.candidate.full_name,
                "owner": change.candidate.owner.get_full_name() or change.candidate.owner.username,
                "stage": Stage(change.to_stage).label,
                "changed_at": change.changed_at.isoformat(),
            }
            for change in comebacks
        ],
    }


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# The last touch's summary as a digest row quotes it.
SUMMARY_CHARS = 140


def _item_labels(row: dict, *, zone: zoneinfo.ZoneInfo, days: DateLabels) -> None:
    """A daily item's due time, last touch date and summary as _digest_item.html prints them (in
    the digest's timezone, as the email renders): 50 rows of date filters were most of its time."""
    if row.get("due_at"):
        row["due_time_label"] = f"{row['due_at'].astimezone(zone):%H:%M}"
    if row.get("last_touch_at"):
        row["last_touch_label"] = days.long(row["last_touch_at"].astimezone(zone))
    # What |truncatechars does: NFC first, cut (with an ellipsis) only when longer.
    summary = unicodedata.normalize("NFC", str(row.get("last_touch_summary") or ""))
    row["last_touch_excerpt"] = summary if len(summary) <= SUMMARY_CHARS else Truncator(summary).chars(SUMMARY_CHARS)


def _with_links_and_dates(rows: list[dict], *, touch_link: bool = False, recipient: User | None = None,
                          zone: zoneinfo.ZoneInfo | None = None) -> list[dict]:
    # One reverse() per email instead of one per row.
    detail_path = url_maker("candidates:detail")
    days = DateLabels()
    touch_path = url_maker("outreach:touch_create") if touch_link else None
    action_path = digest_link_paths(user_id=recipient.pk) if recipient is not None else None
    rendered = []
    for row in rows:
        row = dict(row)
        for key in ("due_at", "last_touch_at", "changed_at"):
            if row.get(key):
                row[key] = parse_datetime(row[key])
        if zone is not None:
            _item_labels(row, zone=zone, days=days)
        candidate_path = detail_path(row["candidate_id"])
        row["candidate_url"] = _absolute(candidate_path)
        if touch_link:
            row["touch_url"] = _absolute(f"{touch_path(row['candidate_id'])}?{urlencode({'next': candidate_path})}")
        if recipient is not None and row.get("due_at"):
            # One-click links bound to this recruiter, candidate and the check-in as listed here.
            for name, action in (("logged_url", DigestAction.LOGGED), ("snooze_url", DigestAction.SNOOZE)):
                path = action_path(candidate_id=row["candidate_id"], action=action, due_at=row["due_at"])
                row[name] = _absolute(path)
        rendered.append(row)
    return rendered


def email_context(*, kind: str, content: dict, recipient: User, local_date: dt.date) -> dict:
    """Template context for a digest's email, shared by the sender and the in-app preview."""
    context = {
        "kind": kind,
        "recipient": recipient,
        "local_date": local_date,
        "content": content,
        "subject": content.get("subject", ""),
        "site_url": settings.SITE_URL.rstrip("/"),
        "settings_url": _absolute(reverse("outreach:my_settings")),
        "zone": content.get("timezone", "UTC"),
    }
    if kind == DigestKind.DAILY:
        items = _with_links_and_dates(content.get("items", []), touch_link=True, recipient=recipient,
                                      zone=zoneinfo.ZoneInfo(context["zone"]))
        context["overdue_items"] = [item for item in items if item["overdue"]]
        context["due_today_items"] = [item for item in items if not item["overdue"]]
        context["schedule_label"] = schedule_label(recipient.profile)
        context["not_listed"] = content.get("not_listed", 0)
        context["checkins_url"] = _absolute(reverse("outreach:my_checkins"))
        context["sections"] = [
            {"section": section, "rows": rows}
            for name, rows in content.get("sections", {}).items()
            if (section := section_named(name))
        ]
    else:
        context["going_cold"] = _with_links_and_dates(content.get("going_cold", []))
        context["comebacks"] = _with_links_and_dates(content.get("comebacks", []))
        context["by_recruiter"] = content.get("by_recruiter", [])
    return context


TEMPLATES_BY_KIND = {DigestKind.DAILY: "emails/digest", DigestKind.MANAGER_WEEKLY: "emails/manager_digest"}


def digest_message(digest: Digest) -> EmailMultiAlternatives:
    """The email for a digest: plain text with an HTML alternative, in the recipient's timezone."""
    recipient = digest.recipient
    context = email_context(kind=digest.kind, content=digest.content, recipient=recipient, local_date=digest.local_date)
    base = TEMPLATES_BY_KIND[digest.kind]
    with timezone.override(zoneinfo.ZoneInfo(context["zone"])):
        text = render_to_string(f"{base}.txt", context)
        html = render_to_string(f"{base}.html", context)
    message = EmailMultiAlternatives(
        subject=digest.subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[recipient.email],
        headers={"X-Nurture-Digest": str(digest.pk)},
    )
    message.attach_alternative(html, "text/html")
    return message
