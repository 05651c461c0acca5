"""A data protection request a candidate made, logged by an admin, due within a month (GDPR Art. 12(3))."""
import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils import timezone

from candidates.models import Candidate


class RequestKind(models.TextChoices):
    ACCESS = "access", "Access / portability (Art. 15, 20)"
    ERASURE = "erasure", "Erasure (Art. 17)"
    RECTIFICATION = "rectification", "Rectification (Art. 16)"
    OBJECTION = "objection", "Objection (Art. 21)"


def due_for(received_on: dt.date) -> dt.date:
    """One month after receipt; from 31 January that is 28 (or 29) February."""
    return received_on + relativedelta(months=1)


class DataRequest(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="data_requests")
    kind = models.CharField(max_length=20, choices=RequestKind.choices)
    received_on = models.DateField(help_text="The day the request reached us: the month runs from here.")
    due_on = models.DateField(editable=False)
    notes = models.TextField(blank=True, help_text="How it came in, what was asked, what was done.")
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    completed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["completed_on", "due_on", "id"]
        indexes = [models.Index(fields=["completed_on", "due_on"], name="datarequest_open_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} request of {self.received_on:%d %b %Y}"

    def save(self, *args, **kwargs):
        self.due_on = due_for(self.received_on)
        super().save(*args, **kwargs)

    @property
    def days_left(self) -> int:
        return (self.due_on - timezone.localdate()).days
