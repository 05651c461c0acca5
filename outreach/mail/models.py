"""Candidate-facing email: one row per message and recipient, the candidate's preferences, the suppression list."""
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from candidates.models import Candidate, Feedback

from .choices import (
    OUTGOING,
    UNFINISHED,
    EventKind,
    Frequency,
    LawfulBasis,
    MailKind,
    MailStatus,
    SuppressionReason,
    Topic,
)
from .querysets import MailEventQuerySet, OutboundEmailQuerySet


def new_link_key() -> str:
    return secrets.token_urlsafe(18)


class OutboundEmail(models.Model):
    """One message to one candidate: the unit of "exactly once".

    Created in the transaction that caused it, holding exactly what will be sent; a task
    claims it (queued -> sending by a conditional UPDATE), checks suppression, sends it and
    marks it sent. Webhooks later record what the provider saw (delivered, bounced ...).
    """

    kind = models.CharField(max_length=20, choices=MailKind.choices)
    # Bulk email only: what the candidate unsubscribes from with one click.
    topic = models.CharField(max_length=20, choices=Topic.choices, blank=True)
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="outbound_emails")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # A feedback email shares this scorecard once it is sent.
    feedback = models.ForeignKey(Feedback, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # A bulk send's name (e.g. "newsletter:12"): with the candidate, unique, so a re-run adds nobody twice.
    batch_key = models.CharField(max_length=100, blank=True)
    to_email = models.EmailField(max_length=254)
    to_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField()
    includes_privacy_notice = models.BooleanField(default=False)
    # An event invitation, update or cancellation carries its iCalendar (RFC 5546) as sent:
    # the METHOD (REQUEST, CANCEL) and the whole VCALENDAR text, personal to this invitee.
    calendar_method = models.CharField(max_length=20, blank=True, db_default="")
    calendar_ics = models.TextField(blank=True, db_default="")
    status = models.CharField(max_length=12, choices=MailStatus.choices, default=MailStatus.QUEUED)
    suppressed_reason = models.CharField(max_length=30, choices=SuppressionReason.choices, blank=True)
    # The Message-ID header it goes out with, and the id the provider gave it (when it tells us).
    message_id = models.CharField(max_length=250, unique=True)
    provider_message_id = models.CharField(max_length=250, blank=True)
    # Threading: a sequence step sent "in the same thread" answers the step before it.
    in_reply_to = models.CharField(max_length=250, blank=True, default="", db_default="")
    references = models.TextField(blank=True, default="", db_default="")
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_event = models.CharField(max_length=20, choices=EventKind.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set only once the broker accepted the send task; NULL means the publish never happened.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # When it reached failed, suppressed, bounced or complained.
    finished_at = models.DateTimeField(null=True, blank=True)
    last_event_at = models.DateTimeField(null=True, blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch_key", "candidate"], condition=~Q(batch_key=""), name="mail_once_per_batch"
            ),
            # One live feedback email per scorecard; a failed or suppressed one may be written again.
            models.UniqueConstraint(
                fields=["feedback"], condition=Q(feedback__isnull=False, status__in=OUTGOING),
                name="mail_feedback_once",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["newsletter", "event", "sequence"]) | ~Q(topic=""), name="mail_bulk_has_topic"
            ),
        ]
        indexes = [
            # The candidate page, the compose form's contact-pressure warning and the cap.
            models.Index(fields=["candidate", "-created_at"], name="mail_candidate_created"),
            # The sweep only ever looks at unfinished messages: a tiny index when all is well.
            models.Index(fields=["created_at"], condition=Q(status__in=UNFINISHED), name="mail_unfinished"),
            models.Index(fields=["provider_message_id"], condition=~Q(provider_message_id=""),
                         name="mail_provider_id"),
            # A bulk sender claiming its next batch of one send's unsent rows (newsletters):
            # small once the send is done, like mail_unfinished.
            models.Index(fields=["batch_key", "id"], condition=Q(status__in=UNFINISHED) & ~Q(batch_key=""),
                         name="mail_batch_unfinished"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.to_email}: {self.subject}"

    @property
    def is_bulk(self) -> bool:
        return self.kind in ("newsletter", "event", "sequence")


class EmailPreferences(models.Model):
    """How this candidate wants to hear from us, and on what grounds we write at all. One per candidate.

    The candidate changes the first half in the preference centre (behind a signed link);
    the recruiter records the consent half. Both are read when each message is sent.
    """

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="email_preferences")
    # Random and secret: the signed links carry this, never an id or an address.
    link_key = models.CharField(max_length=32, unique=True, default=new_link_key)
    unsubscribed_topics = models.JSONField(default=list, blank=True)
    frequency = models.CharField(max_length=12, choices=Frequency.choices, default=Frequency.ANY)
    paused_until = models.DateTimeField(null=True, blank=True)
    open_to_opportunities_from = models.DateField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # Consent (GDPR): why we may write, where and when that was given, and whether they were told (Art. 14).
    lawful_basis = models.CharField(max_length=20, choices=LawfulBasis.choices, blank=True)
    consent_source = models.CharField("Where it was given", max_length=200, blank=True)
    consent_given_at = models.DateTimeField("When it was given", null=True, blank=True)
    privacy_notice_sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "email preferences"
        indexes = [
            # Re-approach signals: "open to opportunities from" reached, and who changed preferences lately.
            models.Index(fields=["open_to_opportunities_from"], name="preferences_open_from",
                         condition=models.Q(open_to_opportunities_from__isnull=False)),
            models.Index(fields=["updated_at"], name="preferences_updated_at"),
        ]

    def __str__(self) -> str:
        return f"Email preferences of {self.candidate}"

    def is_paused(self, now) -> bool:
        return bool(self.paused_until and self.paused_until > now)

    @property
    def subscribed_topics(self) -> list[str]:
        return [topic for topic in Topic.values if topic not in self.unsubscribed_topics]


class Suppression(models.Model):
    """An address we never write to again: it bounced hard, complained, or bounced softly too often."""

    # Stored lower-case: the same mailbox however it was typed.
    email = models.EmailField(max_length=254, unique=True)
    reason = models.CharField(max_length=30, choices=SuppressionReason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email}: {self.get_reason_display()}"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class MailEvent(models.Model):
    """One delivery event from the provider's webhook, recorded once (the provider retries)."""

    provider = models.CharField(max_length=30)
    # The provider's event id (and recipient), or a digest of the event when it gives none.
    event_key = models.CharField(max_length=200)
    email = models.ForeignKey(OutboundEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    recipient = models.EmailField(max_length=254)
    occurred_at = models.DateTimeField()
    description = models.CharField(max_length=500, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    objects = MailEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["provider", "event_key"], name="mail_event_once")]
        # "3 soft bounces in 30 days" counts one address's recent events of one kind.
        indexes = [models.Index(fields=["recipient", "kind", "occurred_at"], name="mail_event_recipient")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.recipient} at {self.occurred_at:%Y-%m-%d %H:%M}"


class EmailTemplate(models.Model):
    """A starting point the team keeps for personal emails ('Catching up', 'Coffee?'), with merge fields."""

    name = models.CharField(max_length=100, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=20_000)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MailSettings(models.Model):
    """Team-wide limits on how often any candidate hears from us (one row)."""

    contact_cap = models.PositiveSmallIntegerField(
        "Emails per candidate", default=4, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Candidate-facing emails (personal and feedback count too) per candidate in the window.",
    )
    contact_window_days = models.PositiveSmallIntegerField(
        "Window (days)", default=30, validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    class Meta:
        verbose_name = verbose_name_plural = "team email settings"

    def __str__(self) -> str:
        return f"At most {self.contact_cap} emails per candidate in {self.contact_window_days} days"

    @classmethod
    def current(cls) -> "MailSettings":
        row, _ = cls.objects.get_or_create(pk=1)
        return row


class InboundKind(models.TextChoices):
    REPLY = "reply", "Reply"
    AUTO_REPLY = "auto_reply", "Auto-reply"
    BOUNCE = "bounce", "Bounce"
    REJECTED = "rejected", "Rejected"


class MatchRule(models.TextChoices):
    """How a reply found its candidate: the first rule that matched, recorded for the record."""

    REPLY_ADDRESS = "reply_address", "Reply address"
    IN_REPLY_TO = "in_reply_to", "In-Reply-To"
    REFERENCES = "references", "References"
    SENDER = "sender", "Sender's address"
    NONE = "", "Not matched"


class ForwardStatus(models.TextChoices):
    NONE = "", "Not forwarded"
    PENDING = "pending", "Waiting"
    SENDING = "sending", "Sending"
    SENT = "sent", "Forwarded"
    FAILED = "failed", "Failed"


class InboundEmail(models.Model):
    """One email that came in (a reply, an auto-reply, a bounce), recorded once by its Message-ID.

    Only what the recruiter needs is kept: the new text (quoted history stripped, size-limited)
    and the headers that matched it; the raw message is not stored.
    """

    source = models.CharField(max_length=10)  # "imap" or "webhook"
    # The sender's Message-ID, or a digest of the raw message when it has none: the key of "once".
    message_id = models.CharField(max_length=250, unique=True)
    kind = models.CharField(max_length=12, choices=InboundKind.choices)
    from_email = models.CharField(max_length=254, blank=True)
    from_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    in_reply_to = models.CharField(max_length=250, blank=True)
    candidate = models.ForeignKey(Candidate, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="inbound_emails")
    # The email of ours it answers, when the reply address or the threading headers say so.
    reply_to_email = models.ForeignKey(OutboundEmail, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="replies")
    matched_by = models.CharField(max_length=20, choices=MatchRule.choices, blank=True)
    note = models.CharField(max_length=500, blank=True)  # why it was rejected or classified so
    received_at = models.DateTimeField(default=timezone.now)
    # The copy that goes to the recruiter: claimed, sent, marked, like every message we send.
    forward_status = models.CharField(max_length=10, choices=ForwardStatus.choices, blank=True)
    forwarded_to = models.CharField(max_length=254, blank=True)
    forward_claimed_at = models.DateTimeField(null=True, blank=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["candidate", "-received_at"], name="inbound_candidate_at"),
            models.Index(fields=["received_at"], condition=Q(kind="reply"), name="inbound_replies_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.from_email}: {self.subject}"
