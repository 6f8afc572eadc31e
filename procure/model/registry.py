"""The authority registry: every instrument a requirement rests on, with its status timeline.

In: `requirement_packs/authorities.yaml` (schema `procure/registry@1`), parsed. Out: a `Registry`
that answers "what is the status of this authority on this date" (in force, rescinded, proposed…),
"whom does it bind" (a named scope: a condition in the one language, with its words), "what is this
threshold worth on this date", and for FAR and DFARS text, the clause's identity (date, provision
or clause, prescription, alternates, commercial route, flow-down). So the document date and the
buyer decide what is a mandate.

An authority is one of three natures, by its kind: law (statutes, regulations, clauses, executive
orders and memoranda, directives, FCC rules, reliability standards, grant terms: they bind whom
their scope says), a standard or guidance (published, voluntary: never "in force", never a legal
MUST), or relief (a waiver or exception: it lifts what the authorities it `relieves` require).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .conditions import Condition, ThresholdValue
from .weburl import WebUrl

REGISTRY_SCHEMA = "procure/registry@1"

Status = Literal["proposed", "draft", "not_yet_effective", "effective", "published", "voluntary",
                 "superseded", "rescinded", "expired"]
AuthorityKind = Literal["statute", "regulation", "far_clause", "dfars_clause", "executive_order",
                        "national_security_memorandum", "omb_memo", "cisa_directive", "fcc_rule",
                        "fcc_order", "federal_standard", "nist_publication", "nsa_guidance",
                        "cnss_policy", "dod_policy", "grant_terms", "waiver",
                        "reliability_standard", "industry_standard", "guidance"]
Verification = Literal["confirmed", "secondary", "unverified"]
Nature = Literal["law", "standard", "relief"]

# Kinds whose text binds someone (whom: the authority's `binds` scopes); standards and guidance
# are published, never in force; a waiver or exception relieves.
LAW_KINDS: frozenset[str] = frozenset({
    "statute", "regulation", "far_clause", "dfars_clause", "executive_order",
    "national_security_memorandum", "omb_memo", "cisa_directive", "fcc_rule", "fcc_order",
    "federal_standard", "cnss_policy", "dod_policy", "grant_terms", "reliability_standard"})
RELIEF_KINDS: frozenset[str] = frozenset({"waiver"})
# The statuses each nature may pass through.
NATURE_STATUSES: dict[str, frozenset[str]] = {
    "law": frozenset({"proposed", "draft", "not_yet_effective", "effective", "voluntary",
                      "superseded", "rescinded", "expired"}),
    "standard": frozenset({"draft", "published", "voluntary", "superseded", "rescinded",
                           "expired"}),
    "relief": frozenset({"proposed", "not_yet_effective", "effective", "superseded", "rescinded",
                         "expired"}),
}

IN_FORCE: frozenset[str] = frozenset({"effective"})
STATUS_WORDS: dict[str, str] = {
    "proposed": "proposed (anticipated, not in force)",
    "draft": "draft (not final)",
    "not_yet_effective": "not yet effective",
    "effective": "in force",
    "published": "published",
    "voluntary": "voluntary (optional, not a mandate)",
    "superseded": "superseded",
    "rescinded": "rescinded",
    "expired": "expired",
    "not_issued": "not yet issued",
}
KIND_WORDS: dict[str, str] = {
    "statute": "statute", "regulation": "regulation", "far_clause": "FAR provision or clause",
    "dfars_clause": "DFARS provision or clause", "executive_order": "executive order",
    "national_security_memorandum": "national security memorandum", "omb_memo": "OMB memorandum",
    "cisa_directive": "CISA directive", "fcc_rule": "FCC rule", "fcc_order": "FCC order",
    "federal_standard": "federal standard (FIPS)", "nist_publication": "NIST publication",
    "nsa_guidance": "NSA guidance", "cnss_policy": "CNSS policy", "dod_policy": "DoD policy",
    "grant_terms": "grant terms", "waiver": "waiver or exception",
    "reliability_standard": "reliability standard (mandatory)",
    "industry_standard": "industry standard", "guidance": "guidance",
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
    "published": "is published",
    "voluntary": "becomes voluntary",
    "not_issued": "is withdrawn (not issued)",
}


def nature_of(kind: str) -> Nature:
    """Law, standard (or guidance) or relief, by the kind of instrument."""
    if kind in LAW_KINDS:
        return "law"
    if kind in RELIEF_KINDS:
        return "relief"
    return "standard"


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


class Alternate(BaseModel):
    """An Alternate of a FAR or DFARS clause, and when the prescription calls for it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=3, description="Alternate I, Alternate II, ...")
    date: str | None = Field(default=None, pattern=r"^[A-Z]{3} \d{4}$")
    use: str = Field(min_length=10, description="when the prescription calls for it")


class ClauseIdentity(BaseModel):
    """What counsel needs to put a FAR or DFARS text in a solicitation (Section I or K)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    number: str = Field(pattern=r"^(52|252)\.\d{3}-\d{1,4}$")
    date: str = Field(pattern=r"^[A-Z]{3} \d{4}$", description="the current date, e.g. NOV 2021")
    form: Literal["provision", "clause"]
    signs: Literal["representation", "certification"] | None = Field(
        default=None, description="what the offeror makes with it, if anything")
    prescription: str = Field(min_length=3, description="where the FAR or DFARS prescribes it")
    incorporation: Literal["reference", "full_text"] = "reference"
    alternates: list[Alternate] = Field(default_factory=list)
    commercial: str | None = Field(default=None, description="its route in a commercial "
                                   "acquisition (FAR 52.212-3 / 52.212-5), where it differs")
    flowdown: str | None = Field(default=None, description="to whom it flows, and what is left out")
    fill_ins: list[str] = Field(default_factory=list, description="what the contracting officer "
                                "fills in")
    overhaul: str | None = Field(default=None, description="its FAR Overhaul (Part 40, model "
                                 "deviation) location, where known")

    def label(self, prefix: str) -> str:
        """`FAR 52.204-25 (NOV 2021)`."""
        return f"{prefix} {self.number} ({self.date})"


class Authority(BaseModel):
    """A law, rule, clause, memo, directive or standard that requirements cite."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.\-]*$")
    citation: str = Field(min_length=2)
    title: str = Field(min_length=3)
    kind: AuthorityKind
    url: WebUrl
    verification: Verification = "confirmed"
    source: str = Field(min_length=2, description="the public source the facts were checked in")
    timeline: list[StatusChange] = Field(min_length=1)
    milestones: list[Milestone] = Field(default_factory=list)
    note: str | None = None
    binds: list[str] = Field(default_factory=list, description="ids of the scopes it binds "
                             "(any of them); law only")
    binds_others: str | None = Field(default=None, min_length=10, description="for law that "
                                     "binds no buyer directly: whom it binds instead")
    relieves: list[str] = Field(default_factory=list, description="ids of the authorities "
                                "whose requirements it can lift; waivers and exceptions only")
    clause: ClauseIdentity | None = None

    @property
    def nature(self) -> Nature:
        return nature_of(self.kind)

    @field_validator("timeline")
    @classmethod
    def _in_date_order(cls, timeline: list[StatusChange]) -> list[StatusChange]:
        dates = [change.date for change in timeline]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("timeline entries must be in strictly increasing date order")
        return timeline

    def status_on(self, day: dt.date) -> AuthorityStatus:
        """The status on `day`, dated from when that status began.

        An amendment (a later entry with the same status) does not restart the date: Part 2 of
        the FCC rules is "in force since 1964 (amended 2025-12-26: ...)", not "since 2025-12-26".
        """
        position: int | None = None
        for index, change in enumerate(self.timeline):
            if change.date > day:
                break
            position = index
        if position is None:
            first = self.timeline[0]
            return AuthorityStatus(status="not_issued", since=None,
                                   note=f"{first.status.replace('_', ' ')} from {first.date}")
        current = self.timeline[position]
        start = position
        while start > 0 and self.timeline[start - 1].status == current.status:
            start -= 1
        if start == position:
            return AuthorityStatus(status=current.status, since=current.date, note=current.note,
                                   by=current.by)
        began = self.timeline[start]
        verb = "amended" if current.status == "effective" else "updated"
        latest = f"{verb} {current.date.isoformat()}"
        note = f"{latest}: {current.note}" if current.note else latest
        return AuthorityStatus(status=current.status, since=began.date, note=note,
                               by=current.by or began.by)


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
    shown_for: str | None = Field(default=None, description="the scope id of the buyers whose "
                                  "checklist lists it (default: every buyer)")
    values: list[ThresholdEntry] = Field(min_length=1)

    def entry_on(self, day: dt.date) -> ThresholdEntry | None:
        current = None
        for entry in self.values:
            if entry.from_ <= day:
                current = entry
        return current


class Scope(BaseModel):
    """Whom an instrument binds, for what: a condition on the buyer and the purchase, in words.

    Law entries name scopes in `binds`; selection gives a legal MUST only where one of them holds.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    says: str = Field(min_length=10, description="whom it binds, as a phrase: 'a federal "
                      "agency buying supplies above the micro-purchase threshold'")
    when: Condition


class Registry(BaseModel):
    """All authorities, the scopes they bind and the thresholds, by id."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    schema_: Literal["procure/registry@1"] = Field(alias="schema")
    reviewed_on: dt.date | None = Field(default=None, description="the date the registry was last "
                                        "checked against the law")
    current_for_days: int = Field(default=180, ge=1, description="how long after reviewed_on "
                                  "the registry and packs may be relied on")
    scopes: list[Scope] = Field(default_factory=list)
    thresholds: list[Threshold] = Field(default_factory=list)
    authorities: list[Authority]

    @model_validator(mode="after")
    def _unique_ids(self) -> Registry:
        for label, ids in (("authority", [a.id for a in self.authorities]),
                           ("threshold", [t.id for t in self.thresholds]),
                           ("scope", [s.id for s in self.scopes])):
            repeated = sorted({i for i in ids if ids.count(i) > 1})
            if repeated:
                raise ValueError(f"duplicate {label} id: {', '.join(repeated)}")
        return self

    def by_id(self) -> dict[str, Authority]:
        return {authority.id: authority for authority in self.authorities}

    def scopes_by_id(self) -> dict[str, Scope]:
        return {scope.id: scope for scope in self.scopes}

    def earliest_date(self) -> dt.date | None:
        """The first date any authority's timeline knows of."""
        dates = [authority.timeline[0].date for authority in self.authorities]
        return min(dates) if dates else None

    def thresholds_on(self, day: dt.date) -> dict[str, ThresholdValue]:
        values = {}
        for threshold in self.thresholds:
            entry = threshold.entry_on(day)
            if entry is not None:
                values[threshold.id] = ThresholdValue(threshold.title, entry.value, entry.verified)
        return values

    def entry_ids(self) -> list[str]:
        """The ids of every authority, threshold and scope, in that order."""
        return ([item.id for item in self.authorities] + [item.id for item in self.thresholds]
                + [item.id for item in self.scopes])

    def merged(self, other: Registry) -> Registry:
        """Combine with another registry (ids must not repeat)."""
        return Registry.model_validate({
            "schema": REGISTRY_SCHEMA,
            "reviewed_on": self.reviewed_on,
            "current_for_days": self.current_for_days,
            "scopes": [*self.scopes, *other.scopes],
            "thresholds": [*self.thresholds, *other.thresholds],
            "authorities": [*self.authorities, *other.authorities],
        })
