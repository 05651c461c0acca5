"""The manager dashboard's newsletter section: reach and unsubscribe rate of the issues sent in the period."""
from outreach.dashboard.figures import Section, percent
from outreach.dashboard.tables import Table

from .choices import NewsletterStatus
from .models import Newsletter
from .stats import stats_for, total

MAX_ROWS = 20


def newsletter_section(f, data=None) -> Section:
    issues = list(Newsletter.objects.filter(status__in=[NewsletterStatus.SENT, NewsletterStatus.SENDING],
                                            started_at__gte=f.start, started_at__lt=f.end)
                  .order_by("-started_at")[:MAX_ROWS])
    stats = stats_for(issues)
    overall = total(stats)
    rate = percent(overall.unsubscribed, overall.sent)
    table = Table(
        name="newsletter_reach", title="Newsletters sent in the period",
        columns=["Issue", "Sent", "Delivered", "Bounced", "Clicked", "Unsubscribed"],
        rows=[[issue.subject, stats[issue.pk].sent, stats[issue.pk].delivered, stats[issue.pk].bounced,
               stats[issue.pk].clickers, stats[issue.pk].unsubscribed] for issue in issues],
    )
    return Section(tables={"newsletter_reach": table} if issues else {}, facts={
        "anchor": "newsletters", "title": "Newsletters",
        "badge": f"{len(issues)} issue{'s' if len(issues) != 1 else ''}",
        "summary": (f"Reached {overall.sent:,} candidates; {overall.clickers:,} clicked; "
                    f"unsubscribe rate {rate if rate is not None else 0} %." if issues
                    else "No newsletter went out in this period."),
        "reach": overall.sent, "unsubscribe_rate": rate,
    })
