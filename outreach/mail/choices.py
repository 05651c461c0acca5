"""The vocabulary of candidate-facing email: kinds, statuses, topics, and why a message was not sent."""
from django.db import models


class MailKind(models.TextChoices):
    PERSONAL = "personal", "Personal email"
    FEEDBACK = "feedback", "Interview feedback"
    NEWSLETTER = "newsletter", "Newsletter"
    EVENT = "event", "Event invitation"
    SEQUENCE = "sequence", "Sequence step"


# Sent to many candidates at once: these carry List-Unsubscribe and respect topics and frequency.
BULK_KINDS = frozenset({MailKind.NEWSLETTER, MailKind.EVENT, MailKind.SEQUENCE})


class MailStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    BOUNCED = "bounced", "Bounced"
    COMPLAINED = "complained", "Marked as spam"
    SUPPRESSED = "suppressed", "Not sent (suppressed)"


# Not finished yet: what the sweep looks at.
UNFINISHED = (MailStatus.QUEUED, MailStatus.SENDING)
# Went out, or is about to: what counts towards the contact cap.
OUTGOING = (MailStatus.QUEUED, MailStatus.SENDING, MailStatus.SENT, MailStatus.BOUNCED, MailStatus.COMPLAINED)


class Topic(models.TextChoices):
    """What a candidate can subscribe to or leave in the preference centre (bulk email only)."""

    NEWSLETTER = "newsletter", "Newsletter: team news and engineering stories"
    EVENTS = "events", "Event invitations: meetups, talks, open days"
    JOBS = "jobs", "Job openings that match your background"


# The topic a bulk email belongs to when its sender does not name one.
DEFAULT_TOPIC = {MailKind.NEWSLETTER: Topic.NEWSLETTER, MailKind.EVENT: Topic.EVENTS, MailKind.SEQUENCE: Topic.JOBS}


class Frequency(models.TextChoices):
    ANY = "any", "As it comes"
    MONTHLY = "monthly", "At most once a month"
    QUARTERLY = "quarterly", "At most once a quarter"


# Days that must pass between two bulk emails for each frequency.
FREQUENCY_DAYS = {Frequency.ANY: 0, Frequency.MONTHLY: 30, Frequency.QUARTERLY: 90}


class LawfulBasis(models.TextChoices):
    CONSENT = "consent", "Consent"
    LEGITIMATE_INTEREST = "legitimate_interest", "Legitimate interest"


class SuppressionReason(models.TextChoices):
    """Why a message was kept back; read at send time, kept on the row."""

    DO_NOT_CONTACT = "do_not_contact", "Marked do not contact"
    STAGE_DO_NOT_CONTACT = "stage_do_not_contact", "Stage is 'Do not contact'"
    UNSUBSCRIBED_ALL = "unsubscribed_all", "Unsubscribed from all email"
    UNSUBSCRIBED_TOPIC = "unsubscribed_topic", "Unsubscribed from this topic"
    PAUSED = "paused", "Paused all email"
    FREQUENCY = "frequency", "Asked for fewer emails"
    NOT_OPEN_YET = "not_open_yet", "Not open to opportunities yet"
    HARD_BOUNCE = "hard_bounce", "Address bounced"
    COMPLAINT = "complaint", "Marked an email as spam"
    SOFT_BOUNCES = "soft_bounces", "Address bounced repeatedly"
    MANUAL = "manual", "Address suppressed by an admin"
    ERASED = "erased", "Erased at the candidate's request"


# The reasons that belong to an address (the Suppression list) rather than to the candidate.
ADDRESS_REASONS = (
    SuppressionReason.HARD_BOUNCE, SuppressionReason.COMPLAINT, SuppressionReason.SOFT_BOUNCES,
    SuppressionReason.MANUAL, SuppressionReason.ERASED,
)


class EventKind(models.TextChoices):
    """What the provider told us happened to a message after it left."""

    DELIVERED = "delivered", "Delivered"
    DEFERRED = "deferred", "Deferred"
    SOFT_BOUNCE = "soft_bounce", "Soft bounce"
    HARD_BOUNCE = "hard_bounce", "Hard bounce"
    COMPLAINT = "complaint", "Spam complaint"
    OTHER = "other", "Other"
