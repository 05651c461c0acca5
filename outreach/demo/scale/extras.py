"""A handful of rows for every other page the app has: one of each kind, owned by the first recruiter.

The candidate history is the bulk of the data set (rows.py, loaded by COPY); these are the
rows a team makes by hand, a few per kind whatever the size: a segment, a newsletter series
and an issue, a sequence with its steps, an enrolment and a finished task, an event with invitations, an
import run, an export, a merge, an email sent, a career-watch feed, a webhook endpoint with
a delivery, an API token, a data request and a retention review. Every routed page that
opens one of them (bench/routes.py) then has one to open. Nothing here queues a task: rows
are written as the app leaves them once the work is done, so no worker picks them up.
"""
import datetime as dt

from django.contrib.auth import get_user_model

from candidates.choices import Tier
from candidates.models import Candidate
from outreach.api.services import api_token_create
from outreach.duplicates.models import CandidateMerge
from outreach.events.models import Event, Invitation
from outreach.events.services import event_create
from outreach.exports.models import CandidateExport, ExportFormat, ExportStatus
from outreach.imports.models import ImportRun, ImportStatus
from outreach.mail.choices import MailKind, MailStatus
from outreach.mail.models import OutboundEmail
from outreach.newsletters.choices import NewsletterStatus
from outreach.newsletters.models import Newsletter, Series
from outreach.privacy.models import DataRequest, RequestKind, RetentionReview
from outreach.segments.models import Segment
from outreach.sequences.choices import EnrolmentStatus, RunStatus, StepKind, StopReason, TaskKind
from outreach.sequences.models import Enrolment, Sequence, StepRun
from outreach.sequences.services import sequence_create, step_add
from outreach.watch.models import Feed
from outreach.webhooks.models import DeliveryStatus, EventType, WebhookDelivery, WebhookEndpoint, WebhookEvent
from outreach.webhooks.services import webhook_endpoint_create

User = get_user_model()
INVITATIONS = 5
# Names the generated rows carry, so they are found (and removed) again without a flag column.
NAME = "Generated"
ENDPOINT = f"{NAME} endpoint"


def extras_create(*, recruiter_id: int, manager_id: int, now: dt.datetime) -> int:
    """One of each hand-made row, for the first recruiter's candidates; returns how many rows."""
    recruiter = User.objects.get(pk=recruiter_id)
    manager = User.objects.get(pk=manager_id)
    mine = list(Candidate.objects.filter(owner=recruiter, is_generated=True).order_by("pk")[:INVITATIONS + 3])
    if len(mine) < 3:
        return 0
    first, second, third = mine[:3]
    today = now.date()
    rows = []

    segment = Segment.objects.create(name=f"{NAME} top tier", owner=recruiter, tiers=[Tier.TOP])
    series = Series.objects.create(name=f"{NAME} monthly news", owner=recruiter, segment=segment,
                                   starts_on=today + dt.timedelta(days=7))
    newsletter = Newsletter.objects.create(
        subject=f"{NAME} news for {{{{ first_name }}}}", preheader="Two new teams, one meetup",
        body="Hi {{ first_name }},\n\nWe are starting **two new teams**.\n\n{{ recruiter_name }}",
        segment=segment, author=recruiter, series=series, status=NewsletterStatus.DRAFT)
    rows += [segment, series, newsletter]

    sequence = sequence_create(name=f"{NAME} re-approach", owner=recruiter)
    step_add(sequence=sequence, kind=StepKind.EMAIL, subject="Catching up, {{ first_name }}?",
             body="Hi {{ first_name }},\n\nHow are things?\n\n{{ recruiter_first_name }}")
    step_add(sequence=sequence, kind=StepKind.WAIT, wait_days=3)
    call = step_add(sequence=sequence, kind=StepKind.TASK, task_kind=TaskKind.CALL, task_note="Ask about the move.")
    # Stopped, so the sequences run (bench/sequences.py) can still enrol everyone afresh.
    enrolment = Enrolment.objects.create(
        sequence=sequence, candidate=first, enrolled_by=recruiter, status=EnrolmentStatus.STOPPED,
        stop_reason=StopReason.REPLIED, stopped_at=now, created_at=now - dt.timedelta(days=10))
    rows += [sequence, enrolment, StepRun.objects.create(
        enrolment=enrolment, step=call, kind=StepKind.TASK, status=RunStatus.DONE, assignee=recruiter,
        created_at=now - dt.timedelta(days=3), finished_at=now - dt.timedelta(days=2))]

    starts = now + dt.timedelta(days=21)
    event = event_create(created_by=recruiter, hosts=[recruiter], title=f"{NAME} meetup",
                         address="The Crown, 1 High Street, London", timezone="Europe/London",
                         starts_at=starts, ends_at=starts + dt.timedelta(hours=3), capacity=40)
    rows += [event, *Invitation.objects.bulk_create(
        [Invitation(event=event, candidate=candidate, invited_by=recruiter) for candidate in mine[:INVITATIONS]])]

    rows.append(ImportRun.objects.create(
        created_by=recruiter, filename="generated-contacts.csv", status=ImportStatus.DONE, headers=["name", "email"],
        mapping={"name": "full_name", "email": "email"}, total_rows=2, processed_rows=2, skipped_count=2,
        started_at=now, finished_at=now))
    rows.append(CandidateExport.objects.create(
        requested_by=recruiter, format=ExportFormat.CSV, query="tier=1", status=ExportStatus.EXPIRED, rows=500,
        size=64_000, started_at=now, finished_at=now, expires_at=now))
    # A merge of a candidate who is not in the data (the loser is gone once merged).
    rows.append(CandidateMerge.objects.create(
        survivor=second, loser_id=0, loser_name=f"{second.full_name} (duplicate)", merged_by=recruiter))
    rows.append(OutboundEmail.objects.create(
        kind=MailKind.PERSONAL, candidate=first, sender=recruiter, to_email=first.email or "someone@example.com",
        to_name=first.full_name, subject="Catching up", body_text="Hi,\n\nHow are things?",
        body_html="<p>Hi,</p><p>How are things?</p>", status=MailStatus.SENT,
        message_id=f"<generated-{first.pk}@example.invalid>"))
    top = Candidate.objects.filter(owner=recruiter, tier=Tier.TOP).order_by("pk").first() or third
    rows.append(Feed.objects.create(candidate=top, url="https://example.com/blog/feed.xml", followed_by=recruiter))

    endpoint, _ = webhook_endpoint_create(url="https://example.com/hooks/nurture", created_by=manager,
                                          events=[EventType.TOUCH_POINT_LOGGED], description=ENDPOINT)
    hook = WebhookEvent.objects.create(type=EventType.TOUCH_POINT_LOGGED, data={"candidate": first.pk},
                                       created_at=now)
    rows += [endpoint, hook, WebhookDelivery.objects.create(
        event=hook, endpoint=endpoint, status=DeliveryStatus.DELIVERED, attempts=1, next_attempt_at=now,
        last_attempt_at=now, response_status=200, duration_ms=120)]
    rows.append(api_token_create(user=recruiter, name=f"{NAME} reporting spreadsheet")[0])

    rows.append(DataRequest.objects.create(candidate=third, kind=RequestKind.ACCESS, logged_by=manager,
                                           received_on=today - dt.timedelta(days=3), notes="By email."))
    rows.append(RetentionReview.objects.create(candidate=third, reason="No touch for 24 months",
                                               flagged_on=today, erase_on=today + dt.timedelta(days=30)))
    return len(rows)


def extras_remove(*, prefix: str) -> None:
    """The rows extras_create made that would outlive their candidates, or hold on to a generated login."""
    by = "__username__startswith"
    Newsletter.objects.filter(**{"author" + by: prefix}).delete()
    Series.objects.filter(**{"owner" + by: prefix}).delete()
    Sequence.objects.filter(**{"owner" + by: prefix}).delete()
    Event.objects.filter(**{"created_by" + by: prefix}).delete()
    Segment.objects.filter(**{"owner" + by: prefix}).delete()
    OutboundEmail.objects.filter(message_id__startswith="<generated-").delete()
    CandidateMerge.objects.filter(**{"merged_by" + by: prefix}).delete()
    DataRequest.objects.filter(**{"logged_by" + by: prefix}).delete()
    WebhookEvent.objects.filter(deliveries__endpoint__description=ENDPOINT).delete()
    WebhookEndpoint.objects.filter(description=ENDPOINT).delete()
