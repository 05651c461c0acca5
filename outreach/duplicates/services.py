"""Merging two candidates into one, and taking a merge back. Keyword-only, one transaction each.

Every row that points at the merged-away candidate (the loser) moves to the survivor, found
generically (relations.py). Where moving a row would break a unique constraint (one schedule
per candidate, one email per newsletter batch and candidate, ...) the survivor's row is kept
and the loser's is removed, serialised with whatever it took with it, so undo can restore it.
A model can say its rows are detached rather than moved (`candidate_merge = "detach"`, e.g. an
import's row log, whose undo must never remove the survivor).
"""
import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.db import IntegrityError, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

from candidates.models import Candidate
from candidates.services import candidate_update
from outreach.dashboard.changes import mark_candidates
from outreach.mail.suppression import is_erased

from .models import CandidateMerge
from .relations import Relation, candidate_relations

User = get_user_model()

# The candidate's own fields a recruiter picks between on the merge screen.
MERGE_FIELDS = ["full_name", "email", "phone", "linkedin_url", "github_url", "portfolio_url", "location", "headline",
                "skills", "current_company", "current_title", "tier", "stage", "source", "got_away_reason",
                "got_away_detail", "got_away_on", "expected_pay", "open_to_relocation", "open_to_remote",
                "do_not_contact", "owner"]
# Fields picked together with another: an amount is never kept without its own currency.
MERGE_COMPANIONS = {"expected_pay": ["expected_pay_currency"]}


class MergeRefused(Exception):
    """Said to the person merging: why these two cannot be merged."""


def _serialise(instances) -> list[dict]:
    # The JSON serialiser turns dates and times into text, so the rows fit a JSONField as they are.
    return json.loads(serializers.serialize("json", instances))


def _restore(rows: list[dict], **attributes) -> None:
    for restored in serializers.deserialize("json", json.dumps(rows)):
        for name, value in attributes.items():
            setattr(restored.object, name, value)
        restored.save()


def _collected(instance) -> list[dict]:
    """The row and everything deleting it would take with it, parents first."""
    collector = Collector(using=router.db_for_write(type(instance)))
    collector.collect([instance])
    rows = []
    for _model, instances in collector.data.items():
        rows.extend(_serialise(instances))
    for queryset in collector.fast_deletes:
        rows.extend(_serialise(queryset))
    return rows


def _move(relation: Relation, *, loser_id: int, survivor_id: int, dropped: list) -> list[int]:
    rows = relation.rows_of(loser_id)
    if getattr(relation.model, "candidate_merge", "move") == "detach":
        pks = list(rows.values_list("pk", flat=True))
        rows.update(**{relation.field.attname: None})
        return pks
    pks = list(rows.values_list("pk", flat=True))
    if not pks:
        return []
    try:
        with transaction.atomic():
            rows.update(**{relation.field.attname: survivor_id})
        return pks
    except IntegrityError:
        pass
    # Some row clashes with one of the survivor's: move one at a time, keep the survivor's on a clash.
    moved = []
    for row in relation.model._base_manager.filter(pk__in=pks):
        try:
            with transaction.atomic():
                relation.model._base_manager.filter(pk=row.pk).update(**{relation.field.attname: survivor_id})
            moved.append(row.pk)
        except IntegrityError:
            dropped.extend(_collected(row))
            row.delete()
    return moved


@transaction.atomic
def candidates_merge(*, survivor: Candidate, loser: Candidate, values: dict, merged_by: User) -> CandidateMerge:
    """Merge `loser` into `survivor`; `values` are the survivor's fields as picked on the merge screen."""
    if survivor.pk == loser.pk:
        raise MergeRefused("A candidate cannot be merged with themself.")
    # Lock both, in id order so two merges of the same pair cannot deadlock.
    locked = {c.pk: c for c in Candidate.objects.select_for_update().filter(pk__in=[survivor.pk, loser.pk])
              .order_by("pk")}
    if len(locked) < 2:
        raise MergeRefused("One of the two candidates was removed meanwhile.")
    survivor, loser = locked[survivor.pk], locked[loser.pk]
    if is_erased(survivor) or is_erased(loser):
        raise MergeRefused("An erased candidate cannot be merged: there is nothing of them left to merge.")
    loser_row = _serialise([loser])
    # Their histories join up: every past day of both is recounted on the dashboard.
    mark_candidates([survivor.pk, loser.pk], owners=[survivor.owner_id, loser.owner_id])
    moved, dropped = [], []
    # Earlier merges into the loser move too: they now count as merges into the survivor.
    for relation in candidate_relations():
        pks = _move(relation, loser_id=loser.pk, survivor_id=survivor.pk, dropped=dropped)
        if pks:
            moved.append({"model": relation.label, "field": relation.field.name, "pks": pks,
                          "detached": getattr(relation.model, "candidate_merge", "move") == "detach"})
    # The email is unique: the loser's row goes before the survivor may take its address.
    loser_id, loser_name = loser.pk, loser.full_name
    loser._change_reason = f"Merged into #{survivor.pk}"
    loser.delete()
    allowed = {*MERGE_FIELDS, *(name for names in MERGE_COMPANIONS.values() for name in names)}
    changes = {name: value for name, value in values.items() if name in allowed}
    before = {name: _plain(getattr(survivor, name if name != "owner" else "owner_id")) for name in changes}
    survivor._change_reason = f"Merged with #{loser_id} ({loser_name})"
    changed = candidate_update(candidate=survivor, changed_by=merged_by, **changes)
    if not changed:
        # Nothing of the survivor changed, but the history still says a merge happened here.
        survivor.save(update_fields=["updated_at"])
    return CandidateMerge.objects.create(
        survivor=survivor, loser_id=loser_id, loser_name=loser_name, merged_by=merged_by,
        survivor_before={name: before[name] for name in changed}, loser_row=loser_row,
        moved=moved, dropped=dropped,
    )


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


class UndoRefused(Exception):
    pass


@transaction.atomic
def candidates_merge_undo(*, merge: CandidateMerge, undone_by: User) -> Candidate:
    """Bring the merged-away candidate back with the rows that moved, and the survivor's old values."""
    merge = CandidateMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at:
        raise UndoRefused("This merge was already undone.")
    if merge.survivor_id is None or not merge.loser_row:
        raise UndoRefused("The surviving candidate was removed since, so this merge cannot be undone.")
    survivor = Candidate.objects.select_for_update().get(pk=merge.survivor_id)
    mark_candidates([survivor.pk], owners=[survivor.owner_id])
    if merge.survivor_before:
        before = {name: Candidate._meta.get_field(name).to_python(value)
                  for name, value in merge.survivor_before.items() if name != "owner"}
        if "owner" in merge.survivor_before:
            before["owner"] = User.objects.get(pk=merge.survivor_before["owner"])
        survivor._change_reason = f"Merge with #{merge.loser_id} undone"
        candidate_update(candidate=survivor, changed_by=undone_by, **before)
    _restore(merge.loser_row, _change_reason=f"Merge into #{survivor.pk} undone")
    for group in merge.moved:
        model = _model(group["model"])
        field = model._meta.get_field(group["field"])
        model._base_manager.filter(pk__in=group["pks"]).update(**{field.attname: merge.loser_id})
    _restore(merge.dropped)
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_at"])
    restored = Candidate.objects.get(pk=merge.loser_id)
    mark_candidates([restored.pk], owners=[restored.owner_id])
    return restored


def _model(label: str):
    return apps.get_model(label)
