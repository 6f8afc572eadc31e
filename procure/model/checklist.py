"""The checklist: the one model every renderer reads (`procure/checklist@1`).

In: built by `selection.select`. Out: a model whose JSON form is the contract in PRODUCT.md:
included and excluded packs with reasons, requirements with level, evidence, authorities (status on
the document date), the reason each is there, points for counsel and the deadlines ahead.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

CHECKLIST_SCHEMA = "procure/checklist@1"
LEVELS = ("MUST", "SHOULD", "MAY")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Generator(_Frozen):
    name: str
    version: str


class AuthorityRef(_Frozen):
    """An authority as cited by one requirement, with its status on the document date."""

    id: str
    citation: str
    title: str
    status: str
    status_note: str
    url: str
    pinpoint: str


class IncludedPack(_Frozen):
    id: str
    title: str
    kind: str
    version: str
    reviewed_on: dt.date
    purpose: str
    why: str


class ExcludedPack(_Frozen):
    id: str
    title: str
    why: str


class ChecklistRequirement(_Frozen):
    id: str
    pack: str
    level: str
    title: str
    text: str
    evidence: list[str]
    authorities: list[AuthorityRef]
    why: str
    counsel: str | None = None
    effective_from: dt.date | None = None


class ExcludedRequirement(_Frozen):
    id: str
    pack: str
    title: str
    why: str


class CounselPoint(_Frozen):
    """A question a lawyer must settle: unsettled law or a case-by-case determination."""

    ref: str
    point: str


class Deadline(_Frozen):
    date: dt.date
    what: str
    authority: str


class RegisterEntry(_Frozen):
    """One authority the checklist cites, as the register appendix shows it."""

    id: str
    citation: str
    title: str
    kind: str
    status: str
    status_note: str
    verification: str
    url: str


class Checklist(_Frozen):
    """Everything a renderer needs; identical inputs give an identical checklist."""

    schema_: str = Field(default=CHECKLIST_SCHEMA, alias="schema")
    as_of: dt.date
    generator: Generator
    inputs_sha256: str
    answers: dict[str, Any]
    packs: list[IncludedPack]
    excluded_packs: list[ExcludedPack]
    requirements: list[ChecklistRequirement]
    excluded_requirements: list[ExcludedRequirement]
    counsel_points: list[CounselPoint]
    deadlines: list[Deadline]
    authority_register: list[RegisterEntry]

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def counts(self) -> list[tuple[str, str, dict[str, int]]]:
        """(pack id, pack title, {level: count}) for each included pack, in order."""
        table = {pack.id: dict.fromkeys(LEVELS, 0) for pack in self.packs}
        for requirement in self.requirements:
            table[requirement.pack][requirement.level] += 1
        return [(pack.id, pack.title, table[pack.id]) for pack in self.packs]

    def totals(self) -> dict[str, int]:
        totals = dict.fromkeys(LEVELS, 0)
        for requirement in self.requirements:
            totals[requirement.level] += 1
        return totals

    def requirements_of(self, pack_id: str) -> list[ChecklistRequirement]:
        return [item for item in self.requirements if item.pack == pack_id]
