"""The checklist: the one model every renderer reads (`procure/checklist@1`).

In: built by `procure.rules.selection.select`. Out: a model whose JSON form is the contract:
the buyer profile in words, warnings about the answers, the thresholds in force, included and
excluded packs with reasons, requirements with level and basis (law, the buyer's specification or
good practice), evidence, authorities (status on the document date, whether each binds this buyer),
the reason each is there, points for counsel, the deadlines ahead and the authority register.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

CHECKLIST_SCHEMA = "procure/checklist@1"
LEVELS = ("MUST", "SHOULD", "MAY")
BASES = ("law", "specification", "practice")
EDITIONS = ("review", "rfp")
Edition = Literal["review", "rfp"]
Basis = Literal["law", "specification", "practice"]
BASIS_WORDS = {"law": "required by law", "specification": "the buyer's specification",
               "practice": "good practice"}
# The columns of every count: MUST split by basis, then SHOULD and MAY.
TALLY = ("MUST_LAW", "MUST_SPEC", "SHOULD", "MAY")
TALLY_WORDS = {"MUST_LAW": "MUST (law)", "MUST_SPEC": "MUST (specification)",
               "SHOULD": "SHOULD", "MAY": "MAY"}


def tally_column(level: str, basis: str) -> str:
    if level == "MUST":
        return "MUST_LAW" if basis == "law" else "MUST_SPEC"
    return level


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Generator(_Frozen):
    name: str
    version: str


class AuthorityRef(_Frozen):
    """An authority as one requirement cites it, on the document date, for this buyer.

    `binds` says whether it binds this buyer for this purchase; it is None for standards,
    guidance and waivers, which bind no one.
    """

    id: str
    citation: str
    title: str
    status: str
    status_note: str
    url: str
    pinpoint: str
    nature: str = "law"
    binds: bool | None = None
    binding_note: str = ""
    clause: str | None = None


class IncludedPack(_Frozen):
    id: str
    title: str
    kind: str
    version: str
    reviewed_on: dt.date
    purpose: str
    why: str
    overrides: str | None = None


class ExcludedPack(_Frozen):
    id: str
    title: str
    why: str


class Blank(_Frozen):
    """A value the buyer states in the solicitation (a fill-in) and whether it is filled."""

    name: str
    label: str
    help: str
    type: str
    value: str | None = None


class ChecklistRequirement(_Frozen):
    id: str
    pack: str
    level: str
    title: str
    text: str
    evidence: list[str]
    authorities: list[AuthorityRef]
    why: str
    basis: Basis = "practice"
    basis_note: str = ""
    counsel: str | None = None
    effective_from: dt.date | None = None
    buyer_duty: str | None = None
    blanks: list[Blank] = Field(default_factory=list)
    tailored: list[str] = Field(default_factory=list, description="the tailoring actions "
                                "applied to it, in order (remove never appears: it is gone)")
    notes: list[str] = Field(default_factory=list, description="notes the buyer added for "
                             "the vendor by tailoring")


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


class ClauseInfo(_Frozen):
    """A FAR or DFARS provision or clause as a solicitation carries it."""

    label: str
    number: str
    date: str
    form: str
    signs: str | None = None
    prescription: str
    incorporation: str
    alternates: list[str] = Field(default_factory=list)
    commercial: str | None = None
    flowdown: str | None = None
    fill_ins: list[str] = Field(default_factory=list)
    overhaul: str | None = None


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
    nature: str = "law"
    binds: bool | None = None
    binding_note: str = ""
    source: str = ""
    clause: ClauseInfo | None = None


class TailoringRecord(_Frozen):
    """One tailoring entry as applied: what changed, why, who, and what the rules had chosen."""

    id: str
    action: str
    change: str
    reason: str
    by: str | None = None
    date: dt.date | None = None
    waiver: str | None = None
    original_level: str | None = None
    original_basis: str | None = None
    original_text: str | None = None


class ProfileRow(_Frozen):
    """One answer as the cover and the buyer profile show it: label and value in words."""

    key: str
    label: str
    value: str


class ThresholdRow(_Frozen):
    """A threshold in force on the document date, and where this purchase stands against it."""

    id: str
    title: str
    value: float
    since: dt.date
    verified: bool
    source: str
    position: str


class Checklist(_Frozen):
    """Everything a renderer needs; identical inputs give an identical checklist."""

    schema_: str = Field(default=CHECKLIST_SCHEMA, alias="schema")
    as_of: dt.date
    generator: Generator
    inputs_sha256: str
    edition: Edition = Field(default="review", description="review: the legal-review package; "
                             "rfp: the attachment for vendors, without internal reasoning")
    answers: dict[str, Any]
    profile: list[ProfileRow] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    thresholds: list[ThresholdRow] = Field(default_factory=list)
    packs: list[IncludedPack]
    excluded_packs: list[ExcludedPack]
    requirements: list[ChecklistRequirement]
    excluded_requirements: list[ExcludedRequirement]
    counsel_points: list[CounselPoint]
    deadlines: list[Deadline]
    authority_register: list[RegisterEntry]
    tailoring: list[TailoringRecord] = Field(default_factory=list)

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def counts(self) -> list[tuple[str, str, dict[str, int]]]:
        """(pack id, pack title, {level: count}) for each included pack, in order.

        The counts also carry the TALLY columns (MUST_LAW, MUST_SPEC), so a table can keep legal
        MUSTs apart from the buyer's specifications.
        """
        table = {pack.id: dict.fromkeys((*LEVELS, *TALLY), 0) for pack in self.packs}
        for requirement in self.requirements:
            row = table[requirement.pack]
            row[requirement.level] += 1
            if requirement.level == "MUST":
                row[tally_column("MUST", requirement.basis)] += 1
        return [(pack.id, pack.title, table[pack.id]) for pack in self.packs]

    def totals(self) -> dict[str, int]:
        """Counts by level, and by the TALLY columns (MUST by law, MUST as specification)."""
        totals = dict.fromkeys((*LEVELS, *TALLY), 0)
        for requirement in self.requirements:
            totals[requirement.level] += 1
            if requirement.level == "MUST":
                totals[tally_column("MUST", requirement.basis)] += 1
        return totals

    def basis_totals(self) -> dict[str, int]:
        totals = dict.fromkeys(BASES, 0)
        for requirement in self.requirements:
            totals[requirement.basis] += 1
        return totals

    def requirements_of(self, pack_id: str) -> list[ChecklistRequirement]:
        return [item for item in self.requirements if item.pack == pack_id]
