"""factory_boy factories for events. Invitations are made through the services, as the app makes them."""
import datetime as dt

import factory
from django.utils import timezone

from outreach.events.models import Event


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Happy hour {n}")
    address = "The Crown, 1 High Street, London"
    timezone = "Europe/London"
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
