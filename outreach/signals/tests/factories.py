import datetime as dt

import factory
from django.utils import timezone

from candidates.choices import Currency
from outreach.openings.choices import OpeningStatus
from outreach.openings.models import Opening


class OpeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opening

    title = "Staff Engineer"
    team = "Platform"
    location = "London"
    remote = False
    pay_currency = Currency.GBP
    pay_min = 120_000
    pay_max = 150_000
    skills = factory.LazyFunction(lambda: ["Python", "PostgreSQL"])
    status = OpeningStatus.OPEN
    opened_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
