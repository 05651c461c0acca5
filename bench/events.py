"""Events at scale: invite an audience of thousands (as from a segment) and open the event page.

The invitation is the whole write the invite button does: one invitation row per candidate,
each invitee's email rendered with their own RSVP links and iCalendar (icalendar, Markdown,
nh3, css-inline) and inserted; the publish to the broker is collected instead (the mail run
measures sending). Then the event page, with every invitee on it, is timed like the other
pages. The event and its emails are removed afterwards.
"""
import datetime as dt
import time
from types import SimpleNamespace

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.pages import RECRUITER_P95_MS, _percentile
from candidates.models import Candidate
from outreach.demo.scale.loader import GENERATED_PREFIX, User
from outreach.events.models import Event
from outreach.events.services import event_create, invitations_send
from outreach.mail import services as mail_services
from outreach.mail.choices import MailKind, Topic
from outreach.mail.models import OutboundEmail
from outreach.segments.audience import audience_for

INVITE_RATE_BUDGET_PER_S = 100.0
TITLE = "Bench happy hour"


def events_run(*, invitees: int = 5000, requests: int = 30) -> dict:
    """Invitations per second for `invitees` candidates, and the event page's p50/p95 afterwards."""
    # The same recruiter the pages are measured with: the first generated one.
    recruiter = User.objects.filter(username__startswith=f"{GENERATED_PREFIX}recruiter-").order_by("username").first()
    Event.objects.filter(title=TITLE).delete()
    starts = timezone.now() + dt.timedelta(days=14)
    event = event_create(created_by=recruiter, hosts=[recruiter], title=TITLE, address="Bench Street 1",
                         starts_at=starts, ends_at=starts + dt.timedelta(hours=3), capacity=invitees // 2)
    audience = audience_for(Candidate.objects.filter(is_generated=True), kind=MailKind.EVENT, topic=Topic.EVENTS)
    candidates = list(Candidate.objects.filter(pk__in=audience.eligible.order_by("pk").values("pk")[:invitees]))
    published: list[int] = []
    publish, mail_services.send_email = mail_services.send_email, SimpleNamespace(delay=published.append)
    try:
        started = time.perf_counter()
        result = invitations_send(event=event, candidates=candidates, invited_by=recruiter,
                                  note="We'd love to see you there.")
        invite_s = time.perf_counter() - started
        client = Client()
        client.force_login(recruiter)
        url = reverse("events:detail", args=[event.pk])
        for _ in range(min(3, requests)):
            client.get(url)
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            status = client.get(url).status_code
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
    finally:
        mail_services.send_email = publish
        OutboundEmail.objects.filter(batch_key__startswith=f"event:{event.pk}:").delete()
        event.delete()
    invited = len(result.invited)
    rate = invited / invite_s if invite_s else 0.0
    p95 = _percentile(timings, 0.95)
    return {
        "audience": len(candidates), "invited": invited, "held_back": len(result.suppressed) + len(result.over_cap),
        "invite_seconds": round(invite_s, 2), "invitations_per_s": round(rate, 1), "published": len(published),
        "page_status": status, "page_p50_ms": round(sorted(timings)[len(timings) // 2], 1),
        "page_p95_ms": round(p95, 1), "page_queries": len(captured.captured_queries), "page_requests": requests,
        "rate_met": rate >= INVITE_RATE_BUDGET_PER_S, "page_met": p95 <= RECRUITER_P95_MS,
    }
