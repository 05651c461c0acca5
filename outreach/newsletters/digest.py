"""The recruiter's digest: series issues they own that are drafted and waiting for approval."""
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone

from outreach.mail.tokens import absolute

from .choices import NewsletterStatus
from .models import Newsletter


def issues_to_approve(*, recipients, now) -> dict[int, list[dict]]:
    rows = defaultdict(list)
    drafts = (Newsletter.objects.filter(status=NewsletterStatus.DRAFT, series__owner__in=recipients,
                                        scheduled_for__gt=now)
              .select_related("series__owner__profile").order_by("scheduled_for"))
    for issue in drafts:
        when = timezone.localtime(issue.scheduled_for, issue.series.tz)
        rows[issue.series.owner_id].append({
            "text": f"{issue.series.name}: “{issue.subject}” goes out {when:%a %-d %b %H:%M} once approved",
            "url": absolute(reverse("newsletters:detail", args=[issue.pk])),
        })
    return dict(rows)
