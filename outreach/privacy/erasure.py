"""Erasing a candidate (GDPR Art. 17): everything personal about them goes, in one transaction.

The candidate row stays, anonymised ("Erased candidate", an address that can receive nothing,
do not contact), and so do the rows that point at it, with their free text blanked: the
team's figures (the got-away funnel, touch points per week, interviews, newsletter reach)
still add up, and nothing in them says who the person was.

What points at a candidate is found from the models, as a merge finds it (duplicates/
relations.py), and followed one step further (a scorecard hangs off an interview, a delivery
event off an email), so a table a later app adds is erased without a change here: every text
and JSON column of it is blanked unless it is a choice, a key, or listed in KEPT below. The
candidate's change history goes, the admin log forgets their name, columns that quote people
in passing (a digest, the dashboard's stored lists, an import's preview) are scrubbed, and the
address stays on the suppression list only as a keyed hash (mail/suppression.py).
"""
import copy
import json
import re

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone

from candidates.models import Candidate, CareerUpdate, Company
from candidates.signals import candidate_saved
from outreach.mail.choices import MailStatus, SuppressionReason
from outreach.mail.models import InboundEmail, MailEvent, OutboundEmail, Suppression
from outreach.mail.suppression import erased_key, erased_placeholder, normalise_address

from .models import DataRequest, Erasure, ErasureVia, RequestKind, RetentionReview

User = get_user_model()

ERASED_NAME = "Erased candidate"
ERASED_REASON = "Erased at the candidate's request"

# The candidate's own fields the figures group by; every other text field is blanked.
CANDIDATE_KEPT = {"source", "stage", "got_away_reason"}

# Text columns that are machinery, not about the person (ids of messages, kinds, the
# newsletter's own links), kept so threading, once-only and the figures still work.
# Choices, unique columns and columns in a unique constraint are kept without being listed.
KEPT = {
    "mail.outboundemail": {"provider_message_id", "in_reply_to", "references", "calendar_method"},
    "mail.inboundemail": {"source", "in_reply_to"},
    "mail.emailpreferences": {"unsubscribed_topics"},
    "mail.mailevent": {"provider"},
    "newsletters.newsletterclick": {"url"},
    "duplicates.candidatemerge": {"moved"},
    "privacy.erasure": {"counts"},
}
# Key columns that quote an address: hashed rather than kept (still unique, still "once").
# (A sender's Message-ID names their mail domain; hashed the same way, a message read again is still "seen".)
HASHED = {"mail.mailevent": {"event_key"}, "mail.inboundemail": {"message_id"}}

# How far from the candidate a row is still theirs: a candidate's interview's scorecard's email.
MAX_DEPTH = 3


class ErasureRefused(Exception):
    """Said to the admin: why this erasure cannot go ahead."""


def _is_text(field) -> bool:
    return isinstance(field, (models.CharField, models.TextField, models.JSONField, models.BinaryField))


def _in_unique_constraint(model) -> set[str]:
    names = set()
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            names.update(constraint.fields)
    for together in model._meta.unique_together:
        names.update(together)
    return names


def blanked_fields(model) -> tuple[dict, list[str], list[str]]:
    """(column -> the value it is set to, columns given a fresh random token, columns keyed-hashed)."""
    label = model._meta.label_lower
    kept = KEPT.get(label, set()) | _in_unique_constraint(model)
    values, rotated, rehashed = {}, [], []
    for field in model._meta.concrete_fields:
        if field.name in HASHED.get(label, ()):
            rehashed.append(field.attname)
        elif not _is_text(field) or field.choices or field.name in kept:
            continue
        elif field.unique:
            # A random link key (preference centre, RSVP): a new one, so old links open nothing.
            if field.has_default() and callable(field.default):
                rotated.append(field.attname)
        elif isinstance(field, models.JSONField):
            values[field.attname] = field.get_default()
        elif isinstance(field, models.BinaryField):
            values[field.attname] = None if field.null else b""
        else:
            values[field.attname] = ""
    return values, rotated, rehashed


def _rehashed(value: str) -> str:
    return value if value.startswith("erased:") else erased_key(value)


def _reverse_relations(model):
    for rel in model._meta.get_fields(include_hidden=True):
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one):
            yield rel.related_model, rel.field


def reachable_tables() -> list[tuple[int, type[models.Model], models.ForeignKey]]:
    """(depth, model, its key to the row above), breadth first from Candidate, each table once, shallowest."""
    found, seen, level = [], {Candidate}, [Candidate]
    for depth in range(1, MAX_DEPTH + 1):
        below = []
        for parent in level:
            for child, field in _reverse_relations(parent):
                if child not in seen:
                    found.append((depth, child, field))
                    below.append(child)
        seen.update(below)
        level = below
    return found


class _Walk:
    """Every row that is the candidate's, anonymised table by table; what it touched, for the record.

    Breadth first: the candidate's own rows, then the rows hanging off those (a scorecard off an
    interview, a delivery event off an email), then one step more. A row reached twice (an email
    is the candidate's and a scorecard's) is anonymised once, at its shallowest, and followed from there.
    """

    def __init__(self, *, write: bool = True):
        self.touched: dict[type[models.Model], set] = {}
        self.write = write

    def run(self, candidate: Candidate) -> None:
        level = [(Candidate, [candidate.pk])]
        for _depth in range(MAX_DEPTH):
            below = []
            for parent, parent_pks in level:
                for child, field in _reverse_relations(parent):
                    if child is Candidate:
                        continue
                    pks = [pk for pk in child._base_manager.filter(**{f"{field.attname}__in": parent_pks})
                           .values_list("pk", flat=True) if pk not in self.touched.get(child, ())]
                    if pks:
                        self.touched.setdefault(child, set()).update(pks)
                        if self.write:
                            self._anonymise(child, pks)
                        below.append((child, pks))
            level = below

    def _anonymise(self, model, pks: list) -> None:
        values, rotated, rehashed = blanked_fields(model)
        rows = model._base_manager.filter(pk__in=pks)
        # Per row, and only where a table has such columns (a few rows per candidate).
        for row in rows.values("pk", *rehashed) if rotated or rehashed else ():
            fresh = {name: model._meta.get_field(name).get_default() for name in rotated}
            fresh.update({name: _rehashed(row[name]) for name in rehashed})
            model._base_manager.filter(pk=row["pk"]).update(**fresh)
        if values:
            rows.update(**values)

    def counts(self) -> dict[str, int]:
        return {str(model._meta.verbose_name_plural).capitalize(): len(pks)
                for model, pks in sorted(self.touched.items(), key=lambda item: item[0]._meta.label)}


def erasure_preview(candidate: Candidate) -> dict[str, int]:
    """What an erasure would anonymise, per table, without changing anything (the confirmation page)."""
    walk = _Walk(write=False)
    walk.run(candidate)
    return walk.counts()


def _forget_history(model, pks) -> None:
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    if manager:
        getattr(model, manager).model.objects.filter(**{model._meta.pk.attname + "__in": list(pks)}).delete()


def _forget_admin_log(model, pks) -> None:
    """The admin's own log names what was changed ("Zoë Quinn"): it keeps the action, not the name."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    LogEntry.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in pks]).update(
        object_repr=f"{model._meta.verbose_name} (erased)", change_message="")


def _needles(candidate: Candidate) -> list[str]:
    """What identifies the person wherever it is quoted: name, address, phone, profile links."""
    found = [candidate.full_name, candidate.email, candidate.phone, candidate.linkedin_url, candidate.github_url,
             candidate.portfolio_url]
    return sorted({text.strip() for text in found if len(text.strip()) >= 4}, key=len, reverse=True)


def _scrubbed(value, pattern: re.Pattern):
    """The name replaced; an entry that names them (a dict with the name in it) keeps no other text either."""
    if isinstance(value, str):
        return pattern.sub(ERASED_NAME, value)
    if isinstance(value, list):
        return [_scrubbed(item, pattern) for item in value]
    if isinstance(value, dict):
        about_them = any(isinstance(item, str) and pattern.search(item) for item in value.values())
        return {key: (pattern.sub(ERASED_NAME, item) if pattern.search(item) else "")
                if about_them and isinstance(item, str) else _scrubbed(item, pattern)
                for key, item in value.items()}
    return value


def mention_columns() -> list[tuple[type[models.Model], str]]:
    """Columns that quote candidates in passing (`erasure_mentions` on the model), in any app."""

    return [(model, name) for model in apps.get_models() for name in getattr(model, "erasure_mentions", ())]


def _scrub_mentions(needles: list[str]) -> None:
    if not needles:
        return
    pattern = re.compile("|".join(re.escape(needle) for needle in needles), re.IGNORECASE)
    # JSON is searched as its text: the needle as typed, and as JSON escapes it ("Zo\\u00eb").
    forms = {form for needle in needles for form in (needle, json.dumps(needle)[1:-1])}
    for model, name in mention_columns():
        wanted = Q()
        for form in forms:
            wanted |= Q(mention_text__icontains=form)
        rows = model._base_manager.annotate(mention_text=Cast(name, models.TextField())).filter(wanted)
        for pk, value in rows.values_list("pk", name):
            model._base_manager.filter(pk=pk).update(**{name: _scrubbed(copy.deepcopy(value), pattern)})


def _forget_address(address: str) -> None:
    """Mail about the address that matched nobody; the plain address off the suppression list, its hash on."""
    for pk, key in MailEvent.objects.filter(recipient=address).values_list("pk", "event_key"):
        MailEvent.objects.filter(pk=pk).update(recipient=erased_key(address), description="", event_key=_rehashed(key))
    for pk, message_id in InboundEmail.objects.filter(from_email__iexact=address).values_list("pk", "message_id"):
        InboundEmail.objects.filter(pk=pk).update(from_email="", from_name="", subject="", text="", note="",
                                                  message_id=_rehashed(message_id))
    Suppression.objects.filter(email=address).delete()
    Suppression.objects.get_or_create(email=erased_key(address), defaults={"reason": SuppressionReason.ERASED})


def _check_request(request: DataRequest | None, candidate: Candidate) -> None:
    if request is None:
        return
    if request.kind != RequestKind.ERASURE:
        raise ErasureRefused("Only an erasure request can erase a candidate.")
    if request.candidate_id != candidate.pk:
        raise ErasureRefused("This request is not about this candidate.")


@transaction.atomic
def candidate_erase(*, candidate: Candidate, request: DataRequest | None, by: User | None,
                    via: str = ErasureVia.REQUEST) -> Erasure:
    """Erase `candidate`; completes `request`. Erasing someone already erased only completes the request."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    _check_request(request, candidate)
    now = timezone.now()
    erasure = Erasure.objects.filter(candidate=candidate).first()
    if erasure is None:
        erasure = _erase(candidate, request=request, by=by, via=via, now=now)
    if request is not None:
        done_by = by.get_full_name() or by.username if by else "the retention rule"
        DataRequest.objects.filter(pk=request.pk, completed_on__isnull=True).update(
            completed_on=timezone.localdate(now),
            notes=f"Erased on {timezone.localdate(now):%d %b %Y} by {done_by}: "
                  f"{sum(erasure.counts.values())} related records anonymised.")
    return erasure


def _erase(candidate: Candidate, *, request, by, via: str, now) -> Erasure:
    needles, address = _needles(candidate), normalise_address(candidate.email)
    RetentionReview.objects.filter(candidate=candidate).delete()
    # Rows that are only about following the person (career watch's feeds and their items) go whole.
    for model in apps.get_models():
        if getattr(model, "erasure_deletes", False):
            model.objects.filter(candidate=candidate).delete()
    # Nothing still queued goes out: the send-time check would stop it, this says why on the row.
    OutboundEmail.objects.filter(candidate=candidate, status=MailStatus.QUEUED).update(
        status=MailStatus.SUPPRESSED, suppressed_reason=SuppressionReason.ERASED, finished_at=now)
    _anonymise_candidate(candidate)
    _forget_employers(candidate)
    # As if the candidate had been marked do not contact: sequences stop, check-ins are off.
    candidate_saved.send(sender=Candidate, candidate=candidate, created=False, changed={"do_not_contact"})
    walk = _Walk()
    walk.run(candidate)
    for model, pks in walk.touched.items():
        _forget_history(model, pks)
        _forget_admin_log(model, pks)
    _forget_history(Candidate, [candidate.pk])
    _forget_admin_log(Candidate, [candidate.pk])
    # One history row remains: that the record was erased, with nothing but the anonymised values.
    candidate._change_reason = ERASED_REASON
    candidate.save(update_fields=["updated_at"])
    _scrub_mentions(needles)
    _forget_address(address)
    return Erasure.objects.create(candidate=candidate, erased_at=now, erased_by=by, via=via, request=request,
                                  counts=walk.counts())


def _forget_employers(candidate: Candidate) -> None:
    """Their career steps point at no company any more; a company only they joined goes (its name would say who)."""
    updates = CareerUpdate.objects.filter(candidate=candidate, employer__isnull=False)
    employer_ids = set(updates.values_list("employer_id", flat=True))
    updates.update(employer=None)
    Company.objects.filter(pk__in=employer_ids, career_updates__isnull=True).delete()


def _anonymise_candidate(candidate: Candidate) -> None:
    values, _, _ = blanked_fields(Candidate)
    values = {name: value for name, value in values.items() if name not in CANDIDATE_KEPT}
    values.update(full_name=ERASED_NAME, email=erased_placeholder(candidate.pk), do_not_contact=True)
    # What they told us about themselves is theirs too, though not text: their ask and their plans.
    values.update(expected_pay_currency="", expected_pay=None, follow_up_on=None, open_to_relocation=False,
                  open_to_remote=False)
    Candidate.objects.filter(pk=candidate.pk).update(**values)
    candidate.refresh_from_db()
