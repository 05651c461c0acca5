import datetime as dt

import factory
from django.utils import timezone

from outreach.openings.tests import factories as openings


class OpeningFactory(openings.OpeningFactory):
    """The openings app's opening, on site in London, asking two skills, opened yesterday."""

    remote = False
    skills = factory.LazyFunction(lambda: ["Python", "PostgreSQL"])
    opened_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
