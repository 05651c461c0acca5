from django.db import models


class TouchKind(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE_CALL = "phone_call", "Phone call"
    SOCIAL = "social", "Social engagement"
    NEWSLETTER = "newsletter", "Newsletter"
    EVENT = "event", "Event"
    MEETING = "meeting", "Meeting / coffee"
    FEEDBACK_SHARED = "feedback_shared", "Feedback shared"
    OTHER = "other", "Other"


class Direction(models.TextChoices):
    OUTBOUND = "outbound", "We reached out"
    INBOUND = "inbound", "They reached out"


class Cadence(models.IntegerChoices):
    """Presets offered in the form; any other number of days is a custom cadence."""

    WEEKLY = 7, "Weekly"
    BIWEEKLY = 14, "Every 2 weeks"
    MONTHLY = 30, "Monthly"
    QUARTERLY = 90, "Quarterly"


# A cadence longer than this is a typo, not a plan.
MAX_CADENCE_DAYS = 730
