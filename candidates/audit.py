"""The candidate's audit trail: who changed which field, from what to what, and when.

Rows come from django-simple-history (Candidate.history). The diff is worked
out here from consecutive rows already in memory, so the whole trail costs
one query for the rows plus at most one to name any owners involved.
"""
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model

from .models import Candidate

# Shown to managers and admins only: the permission comes with the history model.
AUDIT_PERMISSION = "candidates.view_historicalcandidate"
AUDIT_LIMIT = 50

# Bookkeeping the reader did not change by hand.
_HIDDEN_FIELDS = {"id", "created_at", "updated_at", "is_generated"}
_KIND_LABELS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class AuditEntry:
    at: datetime
    who: str
    kind: str
    changes: list[FieldChange] = field(default_factory=list)


def _tracked_fields():
    return [f for f in Candidate._meta.concrete_fields if f.name not in _HIDDEN_FIELDS]


def _display(model_field, value, owner_names: dict[int, str]) -> str:
    if value in (None, ""):
        return "—"
    if model_field.name == "owner":
        return owner_names.get(value, f"user #{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        # Skill tags as they are typed: "Python, Django" (an empty list is "—", as other blanks are).
        return ", ".join(str(item) for item in value) or "—"
    return str(value)


def _person(user) -> str:
    if user is None:
        return "System"
    return user.get_full_name() or user.username


def candidate_audit_trail(candidate: Candidate, *, limit: int = AUDIT_LIMIT) -> tuple[list[AuditEntry], bool]:
    """The newest changes first, and whether older ones were left out."""
    # One row more than shown, so the oldest shown change still has something to diff against.
    rows = list(
        candidate.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    fields = _tracked_fields()
    owner_ids = {row.owner_id for row in rows}
    owner_names = {
        user.pk: user.get_full_name() or user.username
        for user in get_user_model().objects.filter(pk__in=owner_ids)
    }
    entries = []
    # Bulk-loaded candidates (an import, the scale data) may have no history row at all.
    for newer, older in zip(rows, [*rows[1:], None][: len(rows)], strict=True):
        if len(entries) == limit:
            break
        entry = AuditEntry(
            at=newer.history_date, who=_person(newer.history_user), kind=_KIND_LABELS[newer.history_type]
        )
        if older is not None and newer.history_type == "~":
            for f in fields:
                before, after = getattr(older, f.attname), getattr(newer, f.attname)
                if before != after:
                    entry.changes.append(
                        FieldChange(label=str(f.verbose_name).capitalize(),
                                    old=_display(f, before, owner_names), new=_display(f, after, owner_names))
                    )
            if not entry.changes:
                continue  # saved without changing anything a person would see
        entries.append(entry)
    return entries, len(rows) > limit
