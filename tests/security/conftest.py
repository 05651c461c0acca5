"""A small world where every kind of object has the same primary key, so any route can be filled in."""
import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from candidates.models import CareerUpdate
from candidates.tests.factories import CandidateFactory, FeedbackFactory, InterviewFactory
from outreach.duplicates.models import CandidateMerge
from outreach.events.models import Event, Invitation
from outreach.exports.models import CandidateExport
from outreach.imports.models import ImportRun
from outreach.mail.models import EmailTemplate, InboundEmail
from outreach.mail.services import personal_email_queue
from outreach.models import TouchPoint
from outreach.newsletters.models import Newsletter, Series
from outreach.openings.models import Opening
from outreach.privacy.models import DataRequest, RetentionReview
from outreach.segments.models import Segment
from outreach.sequences.models import Enrolment, Sequence, Step, StepRun
from outreach.signals.models import Signal
from outreach.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent

from .routes import WORLD_PK


@pytest.fixture
def no_role_user(db):
    """Signed in, but in none of the role groups: an account half set up, or one whose role was removed."""
    return get_user_model().objects.create_user(username="nora", email="nora@example.com", password="pw-nora-12345")


@pytest.fixture
def world(recruiter):
    candidate = CandidateFactory(id=WORLD_PK, owner=recruiter, full_name="Wendy World", email="wendy@example.com")
    interview = InterviewFactory(id=WORLD_PK, candidate=candidate)
    FeedbackFactory(id=WORLD_PK, interview=interview, author=recruiter)
    now = timezone.now()
    TouchPoint.objects.create(id=WORLD_PK, candidate=candidate, kind="email", occurred_at=now, author=recruiter)
    CareerUpdate.objects.create(
        id=WORLD_PK, candidate=candidate, company="Acme", title="Lead", recorded_by=recruiter,
        started_on=dt.date(2025, 1, 1), recorded_at=now,
    )
    EmailTemplate.objects.create(id=WORLD_PK, name="World template", subject="Hi", body="Hello {{ first_name }}")
    segment = Segment.objects.create(id=WORLD_PK, name="World segment", owner=recruiter, tiers=[1])
    Newsletter.objects.create(id=WORLD_PK, subject="World news", body="Hello {{ first_name }}", segment=segment,
                              author=recruiter)
    Series.objects.create(id=WORLD_PK, name="World series", owner=recruiter, segment=segment,
                          starts_on=dt.date(2026, 1, 1))
    event = Event.objects.create(id=WORLD_PK, title="World happy hour", address="The Crown", created_by=recruiter,
                                 starts_at=now + dt.timedelta(days=7), ends_at=now + dt.timedelta(days=7, hours=3))
    Invitation.objects.create(id=WORLD_PK, event=event, candidate=candidate, invited_by=recruiter)
    email = personal_email_queue(candidate=candidate, sender=recruiter, subject="Hi", body="Hello")
    type(email).objects.filter(pk=email.pk).update(id=WORLD_PK)
    # Sequences (outreach.sequences): a sequence with one step, the candidate enrolled, a task to do.
    sequence = Sequence.objects.create(id=WORLD_PK, name="World sequence", owner=recruiter)
    step = Step.objects.create(id=WORLD_PK, sequence=sequence, position=1, kind="task", task_kind="call")
    enrolment = Enrolment.objects.create(id=WORLD_PK, sequence=sequence, candidate=candidate, enrolled_by=recruiter,
                                         next_step_at=now)
    StepRun.objects.create(id=WORLD_PK, enrolment=enrolment, step=step, kind="task", status="open",
                           assignee=recruiter)
    InboundEmail.objects.create(id=WORLD_PK, source="imap", message_id="<world@example.com>", kind="reply",
                                from_email="wendy@example.com", candidate=candidate)
    CandidateMerge.objects.create(id=WORLD_PK, survivor=candidate, loser_id=WORLD_PK + 1, loser_name="Wilma World",
                                  merged_by=recruiter, undone_at=now)
    ImportRun.objects.create(
        id=WORLD_PK, created_by=recruiter, filename="world.csv", source=b"Name,Email\nWilma,wilma@example.com\n",
        headers=["Name", "Email"], mapping={"Name": "full_name", "Email": "email"}, status="previewed",
    )
    # Webhooks (outreach.webhooks): an endpoint on this machine's discard port, one delivered event.
    endpoint = WebhookEndpoint.objects.create(id=WORLD_PK, url="http://127.0.0.1:9/world", events=["ping"],
                                              secret="whsec_d29ybGQtd29ybGQtd29ybGQtd29y")
    event = WebhookEvent.objects.create(type="ping", data={}, created_at=now)
    WebhookDelivery.objects.create(id=WORLD_PK, event=event, endpoint=endpoint, status="delivered",
                                   next_attempt_at=now, attempts=1)
    # A background export the recruiter asked for, still waiting for a worker.
    CandidateExport.objects.create(id=WORLD_PK, requested_by=recruiter, format="csv", query="tier=1")
    # Privacy (outreach.privacy): an erasure request to confirm, a candidate flagged by the retention rule.
    DataRequest.objects.create(id=WORLD_PK, candidate=candidate, kind="erasure", received_on=timezone.localdate())
    RetentionReview.objects.create(id=WORLD_PK, candidate=candidate, reason="No touch", flagged_on=timezone.localdate(),
                                   erase_on=timezone.localdate() + dt.timedelta(days=30))
    # Re-approach (outreach.openings, outreach.signals): an open role and a live reason to get in touch.
    opening = Opening.objects.create(id=WORLD_PK, title="World engineer", pay_currency="EUR", pay_min=80_000,
                                     pay_max=100_000, hiring_manager=recruiter)
    Signal.objects.create(id=WORLD_PK, candidate=candidate, kind="band_covers_ask", subject=f"opening:{opening.pk}",
                          score=60, reason="The World engineer band now reaches €100k.", opening=opening,
                          detected_at=now, refreshed_at=now)
    return candidate


@pytest.fixture
def people(recruiter, manager, admin_user, no_role_user):
    return {"recruiter": recruiter, "manager": manager, "admin": admin_user, "no role": no_role_user}
