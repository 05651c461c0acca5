"""The retention rule: candidates nobody has been in touch with for long, and who gave no consent, are
flagged for review and erased after a grace period unless an admin keeps them.

A touch is what moves the check-in (a logged touch point, a reply, attending an event: the
schedule's last touch); a candidate never touched counts from when they were added. Current
consent is a recorded lawful basis of consent not withdrawn by unsubscribing from all email.
The daily job (retention_review_run) is set-based and idempotent: a second run on the same
day flags, clears and erases nobody new, and adds to the same day's report row.
"""
import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from candidates.models import Candidate
from outreach.mail.choices import LawfulBasis
from outreach.mail.models import EmailPreferences
from outreach.models import LAST_TOUCH_INDEX_KEY, CheckInSchedule

from .erasure import candidate_erase
from .models import ErasureVia, RetentionReview, RetentionRun, RetentionSettings, ReviewStatus

User = get_user_model()

# How long "Keep" holds a candidate back from the rule, as if they had been touched that day.
KEEP_MONTHS = 12
# Erasures per run: a backlog (the rule just switched on) is worked off over a few days.
ERASE_PER_RUN = 500


@dataclass
class RetentionResult:
    flagged: int = 0
    erased: int = 0
    kept: int = 0
    cleared: int = 0

    def as_dict(self) -> dict:
        return {"flagged": self.flagged, "erased": self.erased, "kept": self.kept, "cleared": self.cleared}


def retention_cutoff(rule: RetentionSettings, now: dt.datetime) -> dt.datetime:
    return now - relativedelta(months=rule.months_without_touch)


def retention_matches(rule: RetentionSettings, now: dt.datetime) -> QuerySet:
    """Candidates the rule catches today: no touch since the cutoff, no current consent, not erased."""
    cutoff = retention_cutoff(rule, now)
    consenting = EmailPreferences.objects.filter(candidate=OuterRef("pk"), lawful_basis=LawfulBasis.CONSENT,
                                                 unsubscribed_at__isnull=True)
    # Driven by the schedules' last-touch index (the candidate list's sort), so a night when few
    # are caught reads few rows, not every candidate; never touched sorts first, then by when added.
    stale = (CheckInSchedule.objects.annotate(last_touch_key=LAST_TOUCH_INDEX_KEY)
             .filter(last_touch_key__lt=cutoff).values("candidate_id"))
    return (Candidate.objects.filter(pk__in=stale, erasure__isnull=True)
            .filter(Q(schedule__last_touch_at__isnull=False) | Q(created_at__lt=cutoff))
            .exclude(Exists(consenting)))


def _still_caught(rule: RetentionSettings, now: dt.datetime) -> Q:
    """retention_matches as a condition on review rows, joined rather than `IN (everyone caught)`,
    which PostgreSQL cannot hash once a million are caught."""
    cutoff = retention_cutoff(rule, now)
    consenting = EmailPreferences.objects.filter(candidate=OuterRef("candidate_id"), lawful_basis=LawfulBasis.CONSENT,
                                                 unsubscribed_at__isnull=True)
    untouched = Q(candidate__schedule__last_touch_at__lt=cutoff) | Q(candidate__schedule__last_touch_at__isnull=True,
                                                                     candidate__created_at__lt=cutoff)
    return untouched & Q(candidate__erasure__isnull=True) & ~Exists(consenting)


def reason_for(rule: RetentionSettings) -> str:
    return f"No touch for {rule.months_without_touch} months and no current consent"


def _flag_new(rule: RetentionSettings, matching: QuerySet, today: dt.date) -> int:
    """One INSERT ... SELECT for everyone caught and not on the review list yet."""
    fresh = matching.exclude(Exists(RetentionReview.objects.filter(candidate=OuterRef("pk")))).values("pk")
    select_sql, params = fresh.query.sql_with_params()
    erase_on = today + dt.timedelta(days=rule.grace_days)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {RetentionReview._meta.db_table} (status, reason, flagged_on, erase_on, candidate_id) "  # noqa: S608
            f"SELECT %s, %s, %s, %s, caught.* FROM ({select_sql}) AS caught ON CONFLICT (candidate_id) DO NOTHING",
            [ReviewStatus.FLAGGED, reason_for(rule), today, erase_on, *params],
        )
        return cursor.rowcount


@transaction.atomic
def _review(rule: RetentionSettings, now: dt.datetime, today: dt.date) -> tuple[RetentionResult, list[int]]:
    result = RetentionResult()
    matching = retention_matches(rule, now)
    caught = _still_caught(rule, now)
    # Touched or consented since they were flagged (or their keep ran out without them matching): off the list.
    result.cleared, _ = RetentionReview.objects.filter(
        ~caught, Q(status=ReviewStatus.FLAGGED) | Q(kept_until__lt=today)).delete()
    # A keep that ran out on someone still caught: flagged again, with a new grace period.
    result.flagged = RetentionReview.objects.filter(caught, status=ReviewStatus.KEPT, kept_until__lt=today).update(
        status=ReviewStatus.FLAGGED, reason=reason_for(rule), flagged_on=today,
        erase_on=today + dt.timedelta(days=rule.grace_days), kept_until=None, kept_by=None)
    result.flagged += _flag_new(rule, matching, today)
    result.kept = RetentionReview.objects.filter(caught, status=ReviewStatus.KEPT).count()
    due = list(RetentionReview.objects.filter(caught, status=ReviewStatus.FLAGGED, erase_on__lte=today)
               .order_by("erase_on", "pk").values_list("candidate_id", flat=True)[:ERASE_PER_RUN])
    return result, due


def retention_review_run(*, now: dt.datetime | None = None) -> RetentionRun | None:
    """The daily job: clear, flag, then erase whoever is past their grace period. None while the rule is off."""
    rule = RetentionSettings.current()
    if not rule.enabled:
        return None
    now = now or timezone.now()
    today = timezone.localdate(now)
    result, due = _review(rule, now, today)
    # Each erasure is its own transaction: one that fails leaves the others done.
    # Still caught at this moment (not touched while the others were being erased).
    for candidate in retention_matches(rule, now).filter(pk__in=due).order_by("pk"):
        candidate_erase(candidate=candidate, request=None, by=None, via=ErasureVia.RETENTION)
        result.erased += 1
    with transaction.atomic():
        run, _ = RetentionRun.objects.select_for_update().get_or_create(ran_on=today, defaults={"finished_at": now})
        for name, value in result.as_dict().items():
            setattr(run, name, getattr(run, name) + value if name != "kept" else value)
        run.finished_at = now
        run.save()
    return run


@transaction.atomic
def retention_review_keep(*, review: RetentionReview, by: User, today: dt.date | None = None) -> RetentionReview:
    """An admin keeps a flagged candidate: not erased, and not flagged again for KEEP_MONTHS."""
    review = RetentionReview.objects.select_for_update().get(pk=review.pk)
    review.status = ReviewStatus.KEPT
    review.kept_until = (today or timezone.localdate()) + relativedelta(months=KEEP_MONTHS)
    review.kept_by = by
    review.save(update_fields=["status", "kept_until", "kept_by"])
    return review
