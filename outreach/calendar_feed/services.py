"""The calendar link's life: made when the recruiter asks for it, replaced by "reset link"."""
from django.contrib.auth import get_user_model
from django.db import transaction

from ..models import CalendarSubscription, new_calendar_key

User = get_user_model()


def calendar_subscription_of(*, user: User) -> CalendarSubscription | None:
    """The recruiter's link, if they ever asked for one: until then no secret link exists."""
    return CalendarSubscription.objects.filter(user=user).first()


def calendar_subscription_for(*, user: User) -> CalendarSubscription:
    subscription, _ = CalendarSubscription.objects.get_or_create(user=user)
    return subscription


@transaction.atomic
def calendar_subscription_reset(*, user: User) -> CalendarSubscription:
    """A new key: every copy of the old link answers 404 from now on."""
    subscription = calendar_subscription_for(user=user)
    subscription.key = new_calendar_key()
    subscription.save(update_fields=["key"])
    return subscription
