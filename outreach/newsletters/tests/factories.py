import factory

from outreach.newsletters.models import Newsletter


class NewsletterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Newsletter

    subject = "News for {{ first_name }}"
    preheader = "Two new teams, one meetup"
    body = ("Hi {{ first_name }},\n\nWe are starting **two new teams** at Initech.\n\n"
            "[Read about them](https://example.com/teams) or see [the meetup](https://example.com/meetup).\n\n"
            "{{ recruiter_name }}")
    segment = factory.SubFactory("outreach.segments.tests.factories.SegmentFactory")
    author = factory.LazyAttribute(lambda o: o.segment.owner)
