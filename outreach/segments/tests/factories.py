import factory

from outreach.segments.models import Segment


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segment

    name = factory.Sequence(lambda n: f"Segment {n}")
    owner = factory.SubFactory("candidates.tests.factories.RecruiterFactory")
