"""Digest services: queue one per person and local date, sweep what got stuck, the recruiter's settings.

How "exactly once" holds together:
- queueing inserts the Digest row under a unique (recipient, kind, local_date)
  constraint, so a second run in the same hour (or a second beat) inserts nothing;
- the send task is enqueued only after that row is committed;
- sending (sending.py) claims the row with a conditional UPDATE pending -> sending;
  only the worker whose UPDATE matched sends, so a duplicate message, a redelivery or
  a second worker finds nothing to do;
- the row is marked sent right after SMTP accepts the message.
The one gap left is a worker dying between SMTP accepting the message and the
row being marked sent: the sweep then sends it again after CLAIM_TIMEOUT. One
rare duplicate is preferred over silently losing a digest.
"""
import dataclasses
import datetime as dt
import logging

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from candidates.models import RecruiterProfile
from candidates.roles import managers

from ..models import Digest, DigestKind, DigestStatus
from ..publishing import AfterCommitPublisher
from .content import (
    MANAGER_DIGEST_WEEKDAY,
    daily_digest_contents,
    digest_date_due,
    manager_digest_content,
    profile_zone,
)
from .sending import CLAIM_TIMEOUT
from .tasks import send_digest

User = get_user_model()
logger = logging.getLogger(__name__)

# A pending digest the broker accepted but no worker ran within this window is enqueued
# again by the sweep; longer than the longest retry back-off (10 minutes), so a digest
# waiting for its next retry is not doubled up (and if it were, the claim keeps it to one email).
SWEEP_AFTER = dt.timedelta(minutes=12)
# A digest the broker never accepted is swept once its own after-commit publish has had time
# to run; the sweep itself runs every 2 minutes (beat_schedule.py).
PUBLISH_GRACE = dt.timedelta(seconds=30)
# After this a digest is stale news: marked failed instead of sent late.
EXPIRE_AFTER = dt.timedelta(hours=48)
# Queueing reads existing digests and snapshots for this many people at a time (a
# whole team of 500 in one timezone: one snapshot query, ~25,000 rows).
QUEUE_BATCH = 500


@dataclasses.dataclass(frozen=True)
class QueuedDigest:
    recipient: User
    kind: str
    local_date: dt.date
    subject: str
    digest: Digest | None  # None on a dry run or when another run got there first


def _publisher() -> AfterCommitPublisher:
    return AfterCommitPublisher(task=send_digest, model=Digest, label="digest")


def digest_create(
    *, recipient: User, kind: str, local_date: dt.date, content: dict, now: dt.datetime,
    publisher: AfterCommitPublisher | None = None,
) -> Digest | None:
    """Insert the digest and enqueue its sending after commit; None if it already exists."""
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                recipient=recipient, kind=kind, local_date=local_date, content=content,
                overdue_count=content.get("overdue_count", 0), due_today_count=content.get("due_today_count", 0),
                created_at=now,
            )
    except IntegrityError:
        return None
    (publisher or _publisher()).publish_after_commit([digest.pk])
    return digest


def _queue_many(due: list[tuple[User, dt.date]], *, kind: str, now: dt.datetime, dry_run: bool) -> list[QueuedDigest]:
    """Queue a digest of `kind` for each (recipient, local date) that has none yet and has something to say.

    Reads in batches of QUEUE_BATCH people: which digests exist already, then every
    snapshot, in a query or two per batch, not per person. Each digest is still inserted
    on its own, under the unique constraint that makes it once per person and local date.
    """
    queued = []
    publisher = _publisher()  # one per run: after one refused publish, the run stops publishing
    for start in range(0, len(due), QUEUE_BATCH):
        batch = due[start:start + QUEUE_BATCH]
        existing = set(
            Digest.objects.filter(kind=kind, recipient__in=[recipient for recipient, _ in batch],
                                  local_date__in={local_date for _, local_date in batch})
            .values_list("recipient_id", "local_date")
        )
        batch = [(recipient, day) for recipient, day in batch if (recipient.pk, day) not in existing]
        if kind == DigestKind.DAILY:
            # A recruiter with nothing due has no snapshot: no email.
            contents = daily_digest_contents(due=batch, now=now)
        else:
            contents = {recipient.pk: manager_digest_content(recipient=recipient, local_date=local_date, now=now)
                        for recipient, local_date in batch}
        # One commit for the batch (each insert still in its own savepoint); the sends are
        # enqueued once it is committed.
        with transaction.atomic():
            for recipient, local_date in batch:
                content = contents.get(recipient.pk)
                if content is None:
                    continue
                digest = None
                if not dry_run:
                    digest = digest_create(recipient=recipient, kind=kind, local_date=local_date, content=content,
                                           now=now, publisher=publisher)
                    if digest is None:
                        continue  # another run got there first
                queued.append(QueuedDigest(recipient=recipient, kind=kind, local_date=local_date,
                                           subject=content["subject"], digest=digest))
    return queued


def digests_queue(*, now: dt.datetime | None = None, dry_run: bool = False) -> list[QueuedDigest]:
    """Queue the daily digest of every recruiter whose local digest time has come and who has something due."""
    profiles = RecruiterProfile.objects.filter(digests_enabled=True, user__is_active=True)
    return _queue_due(
        profiles, kind=DigestKind.DAILY, weekdays=lambda p: p.digest_weekdays or [], now=now, dry_run=dry_run
    )


def digest_queue_now(*, recipient: User, now: dt.datetime | None = None, dry_run: bool = False) -> QueuedDigest | None:
    """Queue today's daily digest for one person straight away, whatever their digest hour (to try it out).

    Still once per local date, and still no email when nothing is due.
    """
    now = now or timezone.now()
    local_date = now.astimezone(profile_zone(recruiter_profile_for(user=recipient))).date()
    queued = _queue_many([(recipient, local_date)], kind=DigestKind.DAILY, now=now, dry_run=dry_run)
    return queued[0] if queued else None


def manager_digests_queue(*, now: dt.datetime | None = None, dry_run: bool = False) -> list[QueuedDigest]:
    """Queue the weekly team digest for each manager at their digest hour on Monday, their time."""
    profiles = RecruiterProfile.objects.filter(digests_enabled=True, user__in=managers())
    return _queue_due(
        profiles, kind=DigestKind.MANAGER_WEEKLY, weekdays=lambda p: [MANAGER_DIGEST_WEEKDAY], now=now,
        dry_run=dry_run,
    )


def _queue_due(
    profiles: QuerySet, *, kind: str, weekdays, now: dt.datetime | None, dry_run: bool
) -> list[QueuedDigest]:
    """Queue one digest of `kind` for each profile whose local digest hour has come on one of its weekdays."""
    now = now or timezone.now()
    due = []
    for profile in profiles.select_related("user").order_by("pk"):
        local_date = digest_date_due(
            now=now, hour=profile.digest_hour, weekdays=weekdays(profile), zone=profile_zone(profile)
        )
        if local_date is not None:
            due.append((profile.user, local_date))
    return _queue_many(due, kind=kind, now=now, dry_run=dry_run)


@transaction.atomic
def digest_retry(*, digest: Digest, now: dt.datetime | None = None) -> bool:
    """Send a failed digest again (admin action); False if it was not failed."""
    now = now or timezone.now()
    updated = Digest.objects.filter(pk=digest.pk, status=DigestStatus.FAILED).update(
        status=DigestStatus.PENDING, enqueued_at=None
    )
    if updated:
        _publisher().publish_after_commit([digest.pk])
    return bool(updated)


@dataclasses.dataclass(frozen=True)
class SweepResult:
    requeued: list[int]
    expired: int


@transaction.atomic
def digests_sweep(*, now: dt.datetime | None = None) -> SweepResult:
    """Enqueue again digests whose send never happened (broker down, worker died); expire stale ones."""
    now = now or timezone.now()
    unfinished = Digest.objects.filter(status__in=[DigestStatus.PENDING, DigestStatus.SENDING])
    expired = unfinished.filter(created_at__lt=now - EXPIRE_AFTER).update(
        status=DigestStatus.FAILED, claimed_at=None, last_error=f"Not sent within {EXPIRE_AFTER}; expired."
    )
    stuck_pending = Q(status=DigestStatus.PENDING) & (
        # Never accepted by the broker (it was down), past the moment its own publish runs...
        Q(enqueued_at__isnull=True, created_at__lt=now - PUBLISH_GRACE)
        # ...or accepted but never run: the message was lost (a Redis restart without persistence).
        | Q(enqueued_at__lt=now - SWEEP_AFTER)
    )
    stuck_sending = Q(status=DigestStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
    stuck = list(
        Digest.objects.select_for_update(skip_locked=True)
        .filter(stuck_pending | stuck_sending, created_at__gte=now - EXPIRE_AFTER)
        .order_by("pk")
        .values_list("pk", flat=True)[:1000]
    )
    _publisher().publish_after_commit(stuck)
    if stuck or expired:
        logger.warning("Digest sweep: %d enqueued again, %d expired", len(stuck), expired)
    return SweepResult(requeued=stuck, expired=expired)


@transaction.atomic
def digest_settings_update(
    *, profile: RecruiterProfile, timezone_name: str, digest_hour: int, digest_weekdays: list[int],
    digests_enabled: bool,
) -> RecruiterProfile:
    profile.timezone = timezone_name
    profile.digest_hour = digest_hour
    profile.digest_weekdays = sorted({int(day) for day in digest_weekdays})
    profile.digests_enabled = digests_enabled
    profile.save(update_fields=["timezone", "digest_hour", "digest_weekdays", "digests_enabled"])
    return profile


def recruiter_profile_for(*, user: User) -> RecruiterProfile:
    """The user's profile, created with defaults for accounts made outside the app (createsuperuser)."""
    profile, _ = RecruiterProfile.objects.get_or_create(user=user)
    return profile
