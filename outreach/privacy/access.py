"""The access export: everything held about a candidate, as JSON and as a readable page, in a ZIP.

Every table that points at the candidate is found from the models (as a merge does), so what
a later app stores about a person is in the export without a change here.
"""
import io
import json
import zipfile

from django.core import serializers
from django.template.loader import render_to_string
from django.utils import timezone

from candidates.models import Candidate

# Never in an export: credentials and internal bookkeeping of other systems.
LEFT_OUT_FIELDS = {"key_hash", "password"}


def _related_tables(candidate: Candidate) -> dict[str, list[dict]]:
    tables = {}
    for rel in Candidate._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        rows = rel.related_model._base_manager.filter(**{rel.field.attname: candidate.pk})
        found = json.loads(serializers.serialize("json", rows))
        if found:
            tables[rel.related_model._meta.verbose_name_plural.capitalize()] = [_clean(row) for row in found]
    return tables


def _clean(row: dict) -> dict:
    return {"id": row["pk"], **{k: v for k, v in row["fields"].items() if k not in LEFT_OUT_FIELDS}}


def access_export(*, candidate: Candidate) -> bytes:
    """The ZIP's bytes: data.json (every record) and index.html (the same, to read)."""
    profile = _clean(json.loads(serializers.serialize("json", [candidate]))[0])
    interviews = list(candidate.interviews.prefetch_related("feedback"))
    document = {
        "exported_at": timezone.now().isoformat(),
        "profile": profile,
        "records": _related_tables(candidate),
        "scorecards": [_clean(row) for row in json.loads(serializers.serialize(
            "json", [card for interview in interviews for card in interview.feedback.all()]))],
    }
    page = render_to_string("privacy/access_export.html", {"candidate": candidate, "document": document})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(document, indent=2, ensure_ascii=False))
        archive.writestr("index.html", page)
    return buffer.getvalue()
