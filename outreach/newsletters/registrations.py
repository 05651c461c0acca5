"""What newsletters add to the rest of the app, registered with it (the core never imports us).

- mail: newsletter rows are ours to send and resume (the sweep leaves them), and their
  content is rendered at send time if mail is ever asked to send one;
- the candidate timeline: clicks in a newsletter, a warming signal (deliveries are touch
  points already, logged without moving the cadence);
- the manager dashboard: newsletter reach and unsubscribe rate;
- the recruiter's digest: series issues waiting for their approval.
"""
from candidates.timeline import TimelineEntry, register_timeline_source
from outreach.dashboard.registry import register_dashboard_section
from outreach.digests.registry import register_digest_section
from outreach.mail.sources import register_content_source
from outreach.signal_sources import Activity, register_warming_source

from .content import content_for_mail
from .dashboard import newsletter_section
from .digest import issues_to_approve
from .models import BATCH_PREFIX, NewsletterClick


def click_entries(candidate, limit: int):
    """Clicks in newsletters: a candidate warming up, worth a personal note."""
    clicks = (NewsletterClick.objects.filter(candidate=candidate).select_related("newsletter")
              .order_by("-clicked_at")[:limit])
    return [TimelineEntry(at=click.clicked_at, kind="newsletter_click",
                          title=f"Clicked a link in the newsletter “{click.newsletter.subject}”",
                          body=click.url, details={"warming": True}, obj=click)
            for click in clicks]


def _digest_summary(rows: list[dict]) -> str:
    return f"{len(rows)} newsletter issue{'s' if len(rows) != 1 else ''} to approve"


def recent_clicks(*, after, candidate_ids=None):
    """Warming up (outreach.signals): who clicked a link in an issue lately, naming the issue."""
    clicks = NewsletterClick.objects.filter(clicked_at__gt=after)
    if candidate_ids is not None:
        clicks = clicks.filter(candidate_id__in=sorted(candidate_ids))
    clicks = clicks.values_list("candidate_id", "clicked_at", "newsletter__subject")
    for candidate_id, clicked_at, subject in clicks.iterator(chunk_size=2000):
        yield Activity(candidate_id, clicked_at, f"clicked a link in \u201c{subject}\u201d")


def register() -> None:
    register_content_source(BATCH_PREFIX, content_for_mail)
    register_warming_source("newsletter_clicks", recent_clicks)
    register_timeline_source(click_entries)
    register_dashboard_section("newsletters", newsletter_section, tables=["newsletter_reach"])
    register_digest_section("newsletter_approvals", issues_to_approve, title="Newsletter issues to approve",
                            summary=_digest_summary)
