"""The authority registry: every instrument a requirement rests on, with its status timeline.

In: `requirement_packs/authorities.yaml` (schema `procure/registry@1`), parsed. Out: a `Registry`
that answers "what is the status of this authority on this date" (in force, rescinded, proposed…)
and "what is this threshold worth on this date", so the document date decides what is a mandate.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .conditions import Condition, ThresholdValue
from .weburl import WebUrl

REGISTRY_SCHEMA = "procure/registry@1"

Status = Literal["proposed", "draft", "not_yet_effective", "effective", "superseded",
                 "rescinded", "expired"]
AuthorityKind = Literal["statute", "regulation", "far_clause", "dfars_clause", "executive_order",
                        "omb_memo", "cisa_directive", "fcc_rule", "fcc_order", "federal_standard",
                        "nist_publication", "nsa_guidance", "cnss_policy", "dod_policy",
                        "grant_terms", "waiver", "reliability_standard", "industry_standard",
                        "guidance"]
Verification = Literal["confirmed", "secondary", "unverified"]

IN_FORCE: frozenset[str] = frozenset({"effective"})
STATUS_WORDS: dict[str, str] = {
    "proposed": "proposed (anticipated, not in force)",
    "draft": "draft (not final)",
    "not_yet_effective": "not yet effective",
    "effective": "in force",
    "superseded": "superseded",
    "rescinded": "rescinded",
    "expired": "expired",
    "not_issued": "not yet issued",
}



def status_word(status: str) -> str:
    """`in force`, `rescinded`, `proposed`: an authority's status in one or two words."""
    return STATUS_WORDS.get(status, status).split(" (")[0]


# How a future change of status reads in a list of deadlines ("… expires").
CHANGE_WORDS: dict[str, str] = {
    "proposed": "is expected to be proposed (not in force)",
    "draft": "is expected in draft (not final)",
    "not_yet_effective": "is expected to be issued (not yet effective)",
    "effective": "takes effect",
    "superseded": "is superseded",
    "rescinded": "is rescinded",
    "expired": "expires",
    "not_issued": "is withdrawn (not issued)",
}


class StatusChange(BaseModel):
    """From `date` on, the authority has `status` (until the next change)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    date: dt.date
    status: Status
    by: str | None = Field(default=None, description="authority id that rescinded or superseded")
    note: str | None = None


class Milestone(BaseModel):
    """A dated obligation or phase that buyers plan around (a deadline when it is ahead)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    date: dt.date
    what: str = Field(min_length=3)
    when: Condition | None = None


class Authority(BaseModel):
    """A law, rule, clause, memo, directive or standard that requirements cite."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.\-]*$")
    citation: str = Field(min_length=2)
    title: str = Field(min_length=3)
    kind: AuthorityKind
    url: WebUrl
    verification: Verification = "confirmed"
    source: str = Field(min_length=2, description="where the facts were checked")
    timeline: list[StatusChange] = Field(min_length=1)
    milestones: list[Milestone] = Field(default_factory=list)
    note: str | None = None

    @field_validator("timeline")
    @classmethod
    def _in_date_order(cls, timeline: list[StatusChange]) -> list[StatusChange]:
        dates = [change.date for change in timeline]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("timeline entries must be in strictly increasing date order")
        return timeline

    def status_on(self, day: dt.date) -> AuthorityStatus:
        current: StatusChange | None = None
        for change in self.timeline:
            if change.date > day:
                break
            current = change
        if current is None:
            first = self.timeline[0]
            return AuthorityStatus(status="not_issued", since=None,
                                   note=f"{first.status.replace('_', ' ')} from {first.date}")
        return AuthorityStatus(status=current.status, since=current.date, note=current.note,
                               by=current.by)


class AuthorityStatus(BaseModel):
    """An authority's status on the document date."""

    model_config = ConfigDict(frozen=True)
    status: str
    since: dt.date | None
    note: str | None = None
    by: str | None = None

    @property
    def in_force(self) -> bool:
        return self.status in IN_FORCE


class ThresholdEntry(BaseModel):
    """A threshold's value from a date on, with the source and whether it is verified."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    from_: dt.date = Field(alias="from")
    value: float = Field(ge=0)
    verified: bool
    source: str = Field(min_length=2)
    note: str | None = None


class Threshold(BaseModel):
    """A dollar or percentage threshold the law sets and revises (never a constant in code)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    title: str
    unit: Literal["usd", "percent"]
    authority: str
    values: list[ThresholdEntry] = Field(min_length=1)

    def entry_on(self, day: dt.date) -> ThresholdEntry | None:
        current = None
        for entry in self.values:
            if entry.from_ <= day:
                current = entry
        return current


class Registry(BaseModel):
    """All authorities and thresholds, by id."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    schema_: Literal["procure/registry@1"] = Field(alias="schema")
    authorities: list[Authority]
    thresholds: list[Threshold] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> Registry:
        for label, ids in (("authority", [a.id for a in self.authorities]),
                           ("threshold", [t.id for t in self.thresholds])):
            repeated = sorted({i for i in ids if ids.count(i) > 1})
            if repeated:
                raise ValueError(f"duplicate {label} id: {', '.join(repeated)}")
        return self

    def by_id(self) -> dict[str, Authority]:
        return {authority.id: authority for authority in self.authorities}

    def thresholds_on(self, day: dt.date) -> dict[str, ThresholdValue]:
        values = {}
        for threshold in self.thresholds:
            entry = threshold.entry_on(day)
            if entry is not None:
                values[threshold.id] = ThresholdValue(threshold.title, entry.value, entry.verified)
        return values

    def merged(self, other: Registry) -> Registry:
        """Combine with another registry (ids must not repeat)."""
        return Registry.model_validate({
            "schema": REGISTRY_SCHEMA,
            "authorities": [*self.authorities, *other.authorities],
            "thresholds": [*self.thresholds, *other.thresholds],
        })
