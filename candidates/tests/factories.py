"""factory_boy factories for candidates. Candidates are built through the service so they get a schedule."""
import factory
from django.utils import timezone

from candidates.choices import GotAwayReason, InterviewOutcome, InterviewStage, Recommendation, Stage, Tier
from candidates.models import Candidate, Feedback, Interview
from candidates.services import candidate_create, recruiter_create


class RecruiterFactory(factory.Factory):
    class Meta:
        model = dict

    username = factory.Sequence(lambda n: f"recruiter{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = "pw-recruiter-12345"
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")

    @classmethod
    def _create(cls, model_class, **kwargs):
        return recruiter_create(**kwargs)


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    full_name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"candidate{n}@example.com")
    owner = factory.SubFactory(RecruiterFactory)
    tier = Tier.WARM
    stage = Stage.GOT_AWAY
    got_away_reason = GotAwayReason.DECLINED_OFFER
    current_company = factory.Faker("company")
    current_title = factory.Faker("job")

    @classmethod
    def _create(cls, model_class, **kwargs):
        return candidate_create(**kwargs)


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    candidate = factory.SubFactory(CandidateFactory)
    role_title = "Senior Backend Engineer"
    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - timezone.timedelta(days=30))
    stage = InterviewStage.ONSITE
    outcome = InterviewOutcome.OFFER_DECLINED


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    interview = factory.SubFactory(InterviewFactory)
    author = factory.LazyAttribute(lambda o: o.interview.candidate.owner)
    rating_technical = 4
    rating_problem_solving = 5
    rating_communication = 4
    rating_collaboration = 3
    recommendation = Recommendation.YES
    strengths = "Clear system design thinking."
    candidate_note = "You impressed the panel with your design skills."
