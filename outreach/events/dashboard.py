"""The manager dashboard's events section (registered in apps.py): events held and attendance per quarter."""
from django.db.models import Count, Q
from django.db.models.functions import TruncQuarter

from outreach.dashboard.figures import Section
from outreach.dashboard.tables import Table

from .choices import Answer, Attendance
from .models import Event

QUARTERS = 8


def _label(day) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def events_section(f, data=None) -> Section:
    """The last eight quarters with events that ended, in one grouped query (recruiter filter: hosted by them)."""
    held = Event.objects.scheduled().filter(ends_at__lt=f.now)
    if f.recruiter:
        held = held.filter(pk__in=Event.hosts.through.objects.filter(user=f.recruiter).values("event_id"))
    # One row per quarter; joined to the invitations, so events are counted distinct.
    quarters = list(held.annotate(q=TruncQuarter("starts_at")).values("q").annotate(
        events=Count("pk", distinct=True),
        going=Count("invitations", filter=Q(invitations__answer=Answer.GOING)),
        attended=Count("invitations", filter=Q(invitations__attendance=Attendance.ATTENDED)),
        no_show=Count("invitations", filter=Q(invitations__attendance=Attendance.NO_SHOW)),
    ).order_by("-q")[:QUARTERS])
    rows = []
    for row in quarters:
        rate = f"{round(100 * row['attended'] / row['going'])} %" if row["going"] else "–"
        rows.append([_label(row["q"]), row["events"], row["going"], row["attended"], row["no_show"], rate])
    table = Table("events_by_quarter", "Events held and attendance per quarter",
                  ["Quarter", "Events held", "Going", "Attended", "No-shows", "Attended of going"], rows=rows,
                  footnote="" if rows else "No events have been held yet.")
    total = sum(row["events"] for row in quarters)
    return Section(tables={"events_by_quarter": table},
                   facts={"anchor": "events", "title": "Events", "badge": f.recruiter_label,
                          "summary": f"{total} event{'s' if total != 1 else ''} held in the quarters below."
                          if total else ""})
