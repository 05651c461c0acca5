"""Timing the retention review and one erasure over the whole data set.

The retention rule is switched on for the run and back off after it, and the flags it wrote
are removed. The run is timed as if on a day 15 months ahead with a 12-month rule, so every
generated candidate (all touched within the last months) is caught: the worst night, the
rule just switched on over a pool nobody has touched. The second run is the steady night.
The erasure takes the generated candidate with the most touch points, as the
worst single erasure the team can ask for; that candidate stays erased in the benchmark's data.
"""
import time

from dateutil.relativedelta import relativedelta
from django.db.models import Count
from django.utils import timezone

from candidates.models import Candidate
from outreach.demo.scale.loader import GENERATED_PREFIX
from outreach.privacy.erasure import candidate_erase
from outreach.privacy.models import Erasure, RetentionReview, RetentionRun, RetentionSettings
from outreach.privacy.retention import retention_review_run

# A nightly job (its message expires after 23 h): the worst night, a million flagged at once,
# may take minutes; an ordinary night flags a few and reads few rows (the last-touch index).
RETENTION_BUDGET_S = 900.0
ERASURE_BUDGET_S = 5.0


def retention_bench() -> dict:
    RetentionReview.objects.all().delete()
    RetentionRun.objects.all().delete()
    RetentionSettings.objects.update_or_create(pk=1, defaults={"enabled": True, "months_without_touch": 12,
                                                               "grace_days": 30})
    ahead = timezone.now() + relativedelta(months=15)
    try:
        started = time.perf_counter()
        first = retention_review_run(now=ahead)
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        retention_review_run(now=ahead)
        steady_s = time.perf_counter() - started
    finally:
        RetentionSettings.objects.filter(pk=1).update(enabled=False)
        RetentionReview.objects.all().delete()
        RetentionRun.objects.all().delete()
    return {"candidates": Candidate.objects.count(), "flagged": first.flagged, "seconds": first_s,
            "steady_seconds": steady_s}


def erasure_bench() -> dict:
    # Among a few thousand (counting everyone's touch points would time the count, not the erasure).
    sample = list(Candidate.objects.filter(is_generated=True, erasure__isnull=True,
                                           owner__username__startswith=GENERATED_PREFIX)
                  .order_by("pk").values_list("pk", flat=True)[:2000])
    candidate = (Candidate.objects.filter(pk__in=sample).annotate(touches=Count("touch_points"))
                 .order_by("-touches").first())
    if candidate is None:
        return {"skipped": "no generated candidate left to erase"}
    started = time.perf_counter()
    erasure = candidate_erase(candidate=candidate, request=None, by=None)
    seconds = time.perf_counter() - started
    return {"records": sum(erasure.counts.values()), "touch_points": candidate.touches, "seconds": seconds,
            "erased_so_far": Erasure.objects.count()}
