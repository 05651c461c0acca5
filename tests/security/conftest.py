"""A small world where every kind of object has the same primary key, so any route can be filled in."""
import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from candidates.models import CareerUpdate
from candidates.tests.factories import CandidateFactory, FeedbackFactory, InterviewFactory
from outreach.events.models import Event, Invitation
from outreach.mail.models import EmailTemplate
from outreach.mail.services import personal_email_queue
from outreach.models import TouchPoint
from outreach.segments.models import Segment

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
    Segment.objects.create(id=WORLD_PK, name="World segment", owner=recruiter, tiers=[1])
    event = Event.objects.create(id=WORLD_PK, title="World happy hour", address="The Crown", created_by=recruiter,
                                 starts_at=now + dt.timedelta(days=7), ends_at=now + dt.timedelta(days=7, hours=3))
    Invitation.objects.create(id=WORLD_PK, event=event, candidate=candidate, invited_by=recruiter)
    email = personal_email_queue(candidate=candidate, sender=recruiter, subject="Hi", body="Hello")
    type(email).objects.filter(pk=email.pk).update(id=WORLD_PK)
    return candidate


@pytest.fixture
def people(recruiter, manager, admin_user, no_role_user):
    return {"recruiter": recruiter, "manager": manager, "admin": admin_user, "no role": no_role_user}
