"""An opening: a role the team hires for now, with the pay band and skills re-approach compares against."""
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from candidates.choices import MAX_PAY, Currency, money_label

from .choices import OpeningStatus
from .querysets import OpeningQuerySet


class Opening(models.Model):
    title = models.CharField(max_length=200)
    team = models.CharField(max_length=120, blank=True)
    location = models.CharField(max_length=120, blank=True, help_text="City or region; leave empty if remote only.")
    remote = models.BooleanField("Remote possible", default=False)
    pay_currency = models.CharField("Currency", max_length=3, choices=Currency.choices)
    pay_min = models.PositiveIntegerField("Band from", validators=[MaxValueValidator(MAX_PAY)])
    pay_max = models.PositiveIntegerField("Band to", validators=[MaxValueValidator(MAX_PAY)])
    # Tags as typed ("Python", "PostgreSQL"); compared without regard to case.
    skills = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=OpeningStatus.choices, default=OpeningStatus.OPEN)
    hiring_manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # When it (last) opened: "a new opening" in the signals means opened after they got away.
    opened_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OpeningQuerySet.as_manager()

    class Meta:
        ordering = ["status", "-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(pay_min__lte=F("pay_max")), name="opening_band_in_order"),
        ]
        indexes = [
            models.Index(fields=["status", "-opened_at"], name="opening_status_opened"),
            # The signal job's incremental runs: openings changed since the last one.
            models.Index(fields=["updated_at"], name="opening_updated_at"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("openings:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == OpeningStatus.OPEN

    @property
    def band_label(self) -> str:
        """ "£120k–150k" """
        low = money_label(self.pay_currency, self.pay_min)
        high = money_label(self.pay_currency, self.pay_max)
        sign = low[:1] if not low[:1].isdigit() else ""
        return f"{low}–{high[len(sign):]}" if sign else f"{low} – {high}"

    @property
    def where_label(self) -> str:
        if self.location and self.remote:
            return f"{self.location} or remote"
        return self.location or ("Remote" if self.remote else "")
