"""factory_boy factories for openings, and a silver medallist built by hand."""
import datetime as dt

import factory

from candidates.choices import InterviewStage, Recommendation
from candidates.tests.factories import CandidateFactory, FeedbackFactory, InterviewFactory
from outreach.openings.models import Opening


class OpeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opening

    title = "Staff Engineer"
    team = "Platform"
    location = "London"
    remote = True
    pay_currency = "GBP"
    pay_min = 120_000
    pay_max = 150_000
    skills = factory.LazyFunction(lambda: ["Python", "Django", "PostgreSQL"])


def finalist(*, skills: list[str], recommendation: int = Recommendation.YES,
             interview_stage: str = InterviewStage.FINAL, on: dt.date = dt.date(2025, 3, 12),
             role_title: str = "Staff Engineer", **candidate_fields):
    """A candidate with one interview at `interview_stage` scored `recommendation`."""
    candidate = CandidateFactory(skills=skills, **candidate_fields)
    interview = InterviewFactory(candidate=candidate, stage=interview_stage, occurred_on=on, role_title=role_title)
    FeedbackFactory(interview=interview, recommendation=recommendation)
    return candidate
