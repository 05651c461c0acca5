"""The dashboard's filters: read from the query string, so any view can be bookmarked and shared.

Bad values never break the page: each one is dropped, the default is used, and a
note tells the manager what was ignored and why.
"""
import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join

from candidates.choices import Tier
from candidates.models import Candidate

User = get_user_model()

PERIODS = {"month": "This month", "90d": "Last 90 days", "year": "This year", "custom": "Custom dates"}
DEFAULT_PERIOD = "90d"
# Dates outside this range are typos, and would overflow timezone arithmetic near year 1.
EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)

TEAM_SORTS = {
    "name": "Recruiter",
    "owned": "Candidates owned",
    "overdue": "Overdue now",
    "touches": "Touch points",
    "feedback": "Feedback shared",
}
DEFAULT_TEAM_SORT = "-overdue"


def team_members():
    """Everyone who can own candidates: team members with a profile, plus any other owner."""
    owns = Exists(Candidate.objects.filter(owner=OuterRef("pk")))
    return (
        User.objects.filter(Q(is_active=True, profile__isnull=False) | Q(owns))
        .only("id", "username", "first_name", "last_name")
        .order_by("first_name", "last_name", "username")
    )


def display_name(user) -> str:
    return user.get_full_name() or user.username


class DashboardFilterForm(forms.Form):
    period = forms.ChoiceField(choices=list(PERIODS.items()), required=False)
    recruiter = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    tier = forms.TypedChoiceField(choices=Tier.choices, coerce=int, required=False, empty_value=None)
    sort = forms.ChoiceField(required=False)
    team = forms.ChoiceField(choices=[("all", "all")], required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so these two cannot be declared as class attributes.
        self.fields["from"] = forms.DateField(required=False)
        self.fields["to"] = forms.DateField(required=False)
        self.fields["recruiter"].choices = [(m.pk, display_name(m)) for m in members]
        self.fields["sort"].choices = [(s, s) for key in TEAM_SORTS for s in (key, f"-{key}")]

    def clean(self):
        cleaned = super().clean()
        for name in ("from", "to"):
            day = cleaned.get(name)
            if day and not EARLIEST <= day <= LATEST:
                self.add_error(name, f"Pick a date between {EARLIEST.year} and {LATEST.year}.")
        return cleaned


@dataclass
class DashboardFilters:
    period: str
    start: dt.datetime  # inclusive, in the viewer's timezone
    end: dt.datetime  # exclusive
    now: dt.datetime
    recruiter: object = None  # a User, or None for the whole team
    tier: int | None = None
    team_sort: str = DEFAULT_TEAM_SORT
    team_all: bool = False  # every team member's row, not only the first TEAM_ROWS
    members: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def first_day(self) -> dt.date:
        return self.start.date()

    @property
    def last_day(self) -> dt.date:
        return (self.end - dt.timedelta(days=1)).date()

    @property
    def period_label(self) -> str:
        if self.period == "custom":
            return f"{self.first_day:%-d %b %Y} – {self.last_day:%-d %b %Y}"
        return PERIODS[self.period]

    @property
    def period_phrase(self) -> str:
        """The period inside a sentence: "moves in the last 90 days", "moves in 1 Jan 2026 – 31 Mar 2026"."""
        if self.period == "custom":
            return self.period_label
        return {"month": "this month", "90d": "the last 90 days", "year": "this year"}[self.period]

    @property
    def tier_label(self) -> str:
        return Tier(self.tier).label if self.tier else "All tiers"

    @property
    def recruiter_label(self) -> str:
        return display_name(self.recruiter) if self.recruiter else "Whole team"

    def candidates(self, prefix: str = "") -> Q:
        """Q limiting rows to the candidates in view; prefix is the path to the candidate, e.g. "candidate__"."""
        q = Q()
        if self.recruiter:
            q &= Q(**{f"{prefix}owner_id": self.recruiter.pk})
        if self.tier:
            q &= Q(**{f"{prefix}tier": self.tier})
        return q

    def params(self, **overrides) -> dict:
        """The query-string parameters that reproduce this view, with overrides (None drops one)."""
        values = {"period": self.period}
        if self.period == "custom":
            values |= {"from": self.first_day.isoformat(), "to": self.last_day.isoformat()}
        if self.recruiter:
            values["recruiter"] = self.recruiter.pk
        if self.tier:
            values["tier"] = self.tier
        if self.team_sort != DEFAULT_TEAM_SORT:
            values["sort"] = self.team_sort
        if self.team_all:
            values["team"] = "all"
        values |= overrides
        return {k: v for k, v in values.items() if v is not None}

    def recruiter_options(self) -> str:
        """The recruiter filter's <option>s, joined in one go: a 500-person team as template loops was slow."""
        chosen = self.recruiter.pk if self.recruiter else None
        return format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((m.pk, " selected" if m.pk == chosen else "", display_name(m)) for m in self.members),
        )

    @cached_property
    def list_path(self) -> str:
        """The candidate list's path, looked up once per page: the team table links to it thousands of times."""
        return reverse("candidates:list")

    def querystring(self, **overrides) -> str:
        return urlencode(self.params(**overrides))

    def list_params(self, **extra) -> str:
        """Query string for the candidate list, carrying over the tier filter."""
        values = {"tier": self.tier} if self.tier else {}
        values |= extra
        return urlencode({k: v for k, v in values.items() if v is not None})


def local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _period_bounds(period: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day (inclusive) of a preset period ending today."""
    if period == "month":
        return today.replace(day=1), today
    if period == "year":
        return today.replace(month=1, day=1), today
    return today - dt.timedelta(days=89), today


def _describe(form: DashboardFilterForm, name: str) -> str:
    raw = form.data.get(name, "")
    return f"“{raw[:40]}”"


def parse_filters(query, *, now: dt.datetime | None = None) -> DashboardFilters:
    """Turn request.GET into filters; anything invalid is ignored with a note, never an error page."""
    now = now or timezone.now()
    members = list(team_members())
    form = DashboardFilterForm(query, members=members)
    form.is_valid()
    errors, cleaned = form.errors, form.cleaned_data
    notes = []

    period = cleaned.get("period") or ""
    if "period" in errors:
        notes.append(f"Unknown period {_describe(form, 'period')} ignored; showing the last 90 days.")
    date_from, date_to = cleaned.get("from"), cleaned.get("to")
    if not period and (query.get("from") or query.get("to")):
        period = "custom"
    today = timezone.localdate(now)
    if period == "custom":
        bad = [label for name, label in (("from", "From"), ("to", "To")) if name in errors or not cleaned.get(name)]
        if bad:
            notes.append(
                f"Custom period needs valid {' and '.join(bad)} date{'s' if len(bad) > 1 else ''} "
                f"(YYYY-MM-DD, {EARLIEST.year}–{LATEST.year}); showing the last 90 days."
            )
            period = ""
        elif date_from > date_to:
            notes.append(f"“From” ({date_from}) is after “To” ({date_to}); showing the last 90 days.")
            period = ""
    period = period or DEFAULT_PERIOD
    if period != "custom":
        date_from, date_to = _period_bounds(period, today)

    if "recruiter" in errors:
        notes.append(f"Unknown recruiter {_describe(form, 'recruiter')} ignored; showing the whole team.")
    if "tier" in errors:
        notes.append(f"Unknown tier {_describe(form, 'tier')} ignored; showing all tiers.")
    if "sort" in errors:
        notes.append(f"Unknown team sort {_describe(form, 'sort')} ignored.")
    recruiter_id = cleaned.get("recruiter")
    return DashboardFilters(
        period=period,
        start=local_midnight(date_from),
        end=local_midnight(date_to + dt.timedelta(days=1)),
        now=now,
        recruiter=next((m for m in members if m.pk == recruiter_id), None),
        tier=cleaned.get("tier"),
        team_sort=cleaned.get("sort") or DEFAULT_TEAM_SORT,
        team_all=cleaned.get("team") == "all",
        members=members,
        notes=notes,
    )
