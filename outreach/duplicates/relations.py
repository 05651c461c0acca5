"""Every table that points at a candidate, found from the models rather than listed.

An app added later (newsletters' deliveries, event answers, sequence enrolments) is moved
and restored by a merge without a line changed here. Hidden relations count too
(related_name="+", the through tables of many-to-many fields).
"""
from dataclasses import dataclass

from django.db import models

from candidates.models import Candidate


@dataclass(frozen=True)
class Relation:
    model: type[models.Model]
    field: models.ForeignKey  # on `model`, pointing at Candidate

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def rows_of(self, candidate_id: int) -> models.QuerySet:
        return self.model._base_manager.filter(**{self.field.attname: candidate_id})


def candidate_relations() -> list[Relation]:
    relations = []
    for rel in Candidate._meta.get_fields(include_hidden=True):
        # Reverse foreign keys and one-to-ones; a many-to-many shows up as its through table's key.
        if rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one):
            relations.append(Relation(rel.related_model, rel.field))
    return relations
