"""The vocabulary of newsletters: where an issue is in its life, how often a series comes out."""
from django.db import models


class NewsletterStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    SENDING = "sending", "Sending"
    PAUSED = "paused", "Paused"
    SENT = "sent", "Sent"
    CANCELLED = "cancelled", "Cancelled"
    # A series issue nobody approved by its send time: it never goes out half-written.
    SKIPPED = "skipped", "Skipped (not approved)"


# Still to be written or approved: the form may change it.
EDITABLE = (NewsletterStatus.DRAFT, NewsletterStatus.SCHEDULED)
# Recipients exist and a worker may be (or be about to be) sending.
IN_FLIGHT = (NewsletterStatus.SENDING, NewsletterStatus.PAUSED)


class SeriesFrequency(models.IntegerChoices):
    WEEKLY = 7, "Every week"
    BIWEEKLY = 14, "Every 2 weeks"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"
