"""The manager dashboard's events section (registered in apps.py): events held and attendance per quarter."""
from django.db.models import Count, Q
from django.db.models.functions import TruncQuarter

from outreach.dashboard.figures import Section
from outreach.dashboard.tables import Table

from .choices import Answer, Attendance
from .models import Event, Invitation

QUARTERS = 8


def _label(day) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def events_section(f, data=None) -> Section:
    """The last eight quarters with events that ended, in two grouped queries (recruiter filter: hosted by them)."""
    held = Event.objects.scheduled().filter(ends_at__lt=f.now)
    if f.recruiter:
        held = held.filter(hosts=f.recruiter)
    events = dict(held.annotate(q=TruncQuarter("starts_at")).values("q").annotate(n=Count("pk", distinct=True))
                  .values_list("q", "n"))
    people = {row["q"]: row for row in Invitation.objects.filter(event__in=held)
              .annotate(q=TruncQuarter("event__starts_at")).values("q").annotate(
                  going=Count("pk", filter=Q(answer=Answer.GOING)),
                  attended=Count("pk", filter=Q(attendance=Attendance.ATTENDED)),
                  no_show=Count("pk", filter=Q(attendance=Attendance.NO_SHOW)))}
    rows = []
    for quarter in sorted(events, reverse=True)[:QUARTERS]:
        row = people.get(quarter, {"going": 0, "attended": 0, "no_show": 0})
        rate = f"{round(100 * row['attended'] / row['going'])} %" if row["going"] else "–"
        rows.append([_label(quarter), events[quarter], row["going"], row["attended"], row["no_show"], rate])
    table = Table("events_by_quarter", "Events held and attendance per quarter",
                  ["Quarter", "Events held", "Going", "Attended", "No-shows", "Attended of going"], rows=rows,
                  footnote="" if rows else "No events have been held yet.")
    total = sum(events.values())
    return Section(tables={"events_by_quarter": table},
                   facts={"anchor": "events", "title": "Events", "badge": f.recruiter_label,
                          "summary": f"{total} event{'s' if total != 1 else ''} held so far."})
