"""The buyer's answers: the `procure/answers@1` schema, loading and validation.

In: an answers file (YAML or JSON) or a mapping. Out: a validated `Answers` model, or an
`InputFileError` whose lines name the file, the key, the bad value and the valid choices.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..errors import InputFileError
from ..support.reading import parse_document, read_text
from ..support.wording import closest as closest  # re-exported for callers of model.answers
from ..support.wording import counted
from ..support.wording import suggest as suggest  # re-exported for callers of model.answers
from .values import number_problem, parsed_problem, text_problem

ANSWERS_SCHEMA = "procure/answers@1"
PLAIN_VALUE = "plain_value"  # the error of `values`: the message names the value itself
MAX_ANSWERS_BYTES = 1024 * 1024

Sector = Literal["federal_civilian", "defense", "state_local", "utility", "carrier",
                 "cloud_provider", "enterprise", "research_education"]
FederalStatus = Literal["agency", "contractor", "grantee", "none"]
Funding = Literal["appropriated", "bead", "federal_grant", "usf", "ratepayer", "private"]
NercImpact = Literal["none", "low", "medium", "high"]
Equipment = Literal["optical_transport", "ip_routing", "dc_switching", "ran", "mobile_core",
                    "private_wireless", "sd_wan", "security_appliance", "network_management",
                    "olt_ont", "fiber_cable"]
TransportPlan = Literal["400zr", "openzr_plus", "800g", "ip_optical_convergence", "srv6",
                        "streaming_telemetry", "dci", "metro_aggregation"]
RanPlan = Literal["oran", "ric_apps", "cloud_ran", "private_5g"]
ZeroTrustStage = Literal["traditional", "initial", "advanced", "optimal"]
DomesticPreference = Literal["required", "preferred", "none"]
ContractsWith = Literal["dod", "civilian"]
CommercialStatus = Literal["cots", "commercial", "noncommercial"]
ContractorPurchase = Literal["deliverable", "performance", "corporate"]
GrantProgram = Literal["infrastructure", "research", "other"]
GranteeType = Literal["state", "tribe", "local", "higher_education", "nonprofit", "for_profit"]
RadioBand = Literal["cbrs", "part27", "part90_101", "unlicensed", "federal"]
ContractVehicle = Literal["new_contract", "schedule_order", "existing_contract_order",
                          "other_transaction"]
FillIn = str | float | int | bool | dt.date
TailoringAction = Literal["remove", "include", "level", "text", "evidence", "note"]


class TailoringEntry(BaseModel):
    """One change to what the rules chose, with the reason on the record."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(min_length=1, max_length=80, description="a requirement or pack id")
    action: TailoringAction
    reason: str = Field(min_length=1, max_length=2000)
    level: Literal["MUST", "SHOULD", "MAY"] | None = None
    text: str | None = Field(default=None, min_length=1, max_length=10_000)
    mode: Literal["replace", "append"] = "replace"
    evidence: list[str] = Field(default_factory=list)
    note: str | None = Field(default=None, min_length=1, max_length=2000)
    audience: Literal["vendor", "counsel"] = "vendor"
    waiver: str | None = None
    by: str | None = Field(default=None, max_length=200)
    date: dt.date | None = None

    @field_validator("reason")
    @classmethod
    def _reason_given(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the reason must say why (it goes on the record)")
        return value.strip()

    @model_validator(mode="after")
    def _fields_fit_the_action(self) -> TailoringEntry:
        needs = {"level": "level", "text": "text", "evidence": "evidence", "note": "note"}
        wanted = needs.get(self.action)
        if wanted is not None and not getattr(self, wanted):
            raise ValueError(f"action {self.action} needs {wanted}")
        for other in set(needs.values()) - {wanted}:
            if getattr(self, other):
                raise ValueError(f"{other} belongs to action {other}, not {self.action}")
        return self


class Answers(BaseModel):
    """A buyer's situation, as `procure/answers@1` defines it (see PRODUCT.md)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              allow_inf_nan=False)

    schema_: Literal["procure/answers@1"] = Field(alias="schema")
    organization: str = Field(min_length=1, max_length=200)
    project: str = Field(min_length=1, max_length=200)
    sector: Sector
    federal_status: FederalStatus
    funding: list[Funding] = Field(default_factory=list)
    national_security_system: bool = False
    cui: bool = False
    high_value_asset: bool = False
    nerc_cip_impact: NercImpact = "none"
    contract_value_usd: float | None = Field(default=None, ge=0)
    award_date: dt.date | None = None
    delivery_year: int | None = Field(default=None, ge=2000, le=2100)
    equipment: list[Equipment] = Field(min_length=1)
    transport_plans: list[TransportPlan] = Field(default_factory=list)
    ran_plans: list[RanPlan] = Field(default_factory=list)
    cloud_management: bool = False
    closed_loop_automation: bool = False
    zero_trust_target: ZeroTrustStage = "initial"
    domestic_preference: DomesticPreference = "none"
    contracts_with: list[ContractsWith] = Field(default_factory=list)
    contractor_purchase: ContractorPurchase | None = None
    commercial_status: CommercialStatus | None = None
    contract_vehicle: ContractVehicle | None = None
    small_business_set_aside: bool = False
    grant_program: GrantProgram | None = None
    grantee_type: GranteeType | None = None
    radio_bands: list[RadioBand] = Field(default_factory=list)
    solicitation: str | None = Field(default=None, min_length=1, max_length=80)
    attachment: str | None = Field(default=None, min_length=1, max_length=80)
    fill_ins: dict[str, FillIn] = Field(default_factory=dict)
    tailoring: list[TailoringEntry] = Field(default_factory=list)

    @field_validator("*", mode="wrap")
    @classmethod
    def _plain_values(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """Every key: text without hidden characters; finite numbers; dates in range."""
        problem = text_problem(value)
        if problem:
            raise PydanticCustomError(PLAIN_VALUE, problem)
        validated = handler(value)
        problem = parsed_problem(validated)
        if problem:
            raise PydanticCustomError(PLAIN_VALUE, problem)
        return validated

    @field_validator("funding", "equipment", "transport_plans", "ran_plans", "contracts_with",
                     "radio_bands")
    @classmethod
    def _no_duplicates(cls, value: list[str]) -> list[str]:
        seen: set[str] = set()
        repeated = [item for item in value if item in seen or seen.add(item)]  # type: ignore[func-returns-value]
        if repeated:
            raise ValueError(f"lists {', '.join(repeated)} more than once")
        return value

    @field_validator("organization", "project", "solicitation", "attachment")
    @classmethod
    def _single_line(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not value:
            raise ValueError("must not be blank")
        return value

    @field_validator("fill_ins")
    @classmethod
    def _fill_in_names(cls, value: dict[str, FillIn]) -> dict[str, FillIn]:
        for name in value:
            if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
                raise ValueError(f"'{name}' is not a parameter name (lower case, digits, _)")
        return value

    def facts(self) -> dict[str, Any]:
        """The values conditions read, by answers key (delivery year derived if not given)."""
        values = self.model_dump(by_alias=False, exclude={"fill_ins", "tailoring"})
        values.pop("schema_")
        if values["delivery_year"] is None and self.award_date is not None:
            values["delivery_year"] = self.award_date.year
        for key in UNSTATED_WHEN_EMPTY:
            if not values[key]:
                values[key] = None
        return values

    def to_document(self) -> dict[str, Any]:
        """The answers as a file holds them: schema first, keys in the order of the schema."""
        return self.model_dump(mode="json", by_alias=True)


ANSWER_KEYS: tuple[str, ...] = tuple(
    (field.alias or name) for name, field in Answers.model_fields.items()
)
# Keys that hold structures, not one answer: never read by a condition, never asked one by one.
STRUCTURED_KEYS: frozenset[str] = frozenset({"fill_ins", "tailoring"})
# List keys whose empty list means "not stated" (a real answer names at least one item), so that
# conditions read them as not given, like an unknown contract value.
UNSTATED_WHEN_EMPTY: frozenset[str] = frozenset({"contracts_with", "radio_bands"})


def choices_of(key: str) -> tuple[str, ...]:
    """The valid values of a choice or list-of-choices key; empty for free-form keys."""
    for name, field in Answers.model_fields.items():
        if (field.alias or name) != key:
            continue
        annotation: Any = field.annotation
        for _ in range(3):
            args = get_args(annotation)
            if not args:
                return ()
            if all(isinstance(arg, str) for arg in args):
                return tuple(args)
            annotation = next(arg for arg in args if arg is not type(None))
    return ()


def format_validation_error(error: ValidationError, source: str) -> str:
    """Turn pydantic's errors into one `source: key: problem` line per error, causes first."""
    errors = sorted(error.errors(), key=lambda item: item["type"] != "extra_forbidden")
    suggested: set[str] = set()
    lines = []
    for item in errors:
        location = [str(part) for part in item["loc"]]
        key = location[0] if location else ""
        where = ".".join(location) if location else "(top level)"
        kind = item["type"]
        bad = item.get("input")
        if kind == "extra_forbidden":
            near = closest(key, ANSWER_KEYS)
            if near:
                suggested.add(near)
            lines.append(f"{source}: unknown key '{key}'{suggest(key, ANSWER_KEYS)} "
                         f"Valid keys: {', '.join(ANSWER_KEYS)}.")
        elif kind == "missing":
            if key not in suggested:
                lines.append(f"{source}: {where}: is required.")
        elif kind == "literal_error" and key == "schema":
            newer = isinstance(bad, str) and bad.startswith("procure/answers@")
            hint = ("it was written by a newer procure; upgrade procure or rewrite the file as "
                    if newer else "expected ")
            lines.append(f"{source}: schema: '{bad}' is not supported; {hint}'{ANSWERS_SCHEMA}'.")
        elif kind == "literal_error":
            valid = choices_of(key)
            lines.append(f"{source}: {where}: '{bad}' is not a valid choice"
                         f"{suggest(str(bad), valid)} Valid values: {', '.join(valid)}.")
        else:
            lines.append(f"{source}: {where}: "
                         f"{_plain_message(kind, item['msg'], bad, item.get('ctx', {}))}")
    shown = lines[:6]
    if len(lines) > 6:
        shown.append(f"{source}: … and {counted(len(lines) - 6, 'more problem')}.")
    return "\n".join(shown)


_FRIENDLY = {
    "date": "is not a date; write it as YYYY-MM-DD, for example 2027-03-31",
    "bool": "is not yes or no; write true or false",
    "float": "is not a number; write digits only, for example 2000000",
    "int": "is not a whole number; write digits only, for example 2027",
    "list": "is not a list; write [a, b] or one '- item' per line",
    "string": "is not text; put it in quotes",
}


_NOT_FINITE = "is not a finite number; write digits only, for example 2000000"


def _plain_message(kind: str, message: str, bad: Any, context: dict[str, Any]) -> str:
    shown = repr(bad) if isinstance(bad, str) else str(bad)
    if len(shown) > 60:
        shown = shown[:57] + "…"
    for prefix, friendly in _FRIENDLY.items():
        if kind.startswith(prefix) and not kind.endswith(("too_short", "too_long")):
            return f"{shown} {friendly}."
    if kind == PLAIN_VALUE:
        return f"{message}."
    if kind == "finite_number":
        return f"{number_problem(bad) if isinstance(bad, float) else shown + ' ' + _NOT_FINITE}."
    if kind == "greater_than_equal":
        limit = context.get("ge")
        if limit:
            return f"must be {limit} or more (got {shown})."
        return f"must not be negative (got {shown})."
    if kind == "less_than_equal":
        return f"must be {context.get('le')} or less (got {shown})."
    if kind == "too_short" and isinstance(bad, list):
        return f"needs at least one item (got {shown})."
    message = message.removeprefix("Value error, ")
    return f"{message} (got {shown})."


def answers_from_data(data: Any, source: str) -> Answers:
    """Validate already-parsed answers data."""
    if not isinstance(data, Mapping):
        raise InputFileError(
            f"{source}: an answers file is a mapping of keys to values "
            f"(got {type(data).__name__}); start from `procure interview` or an example."
        )
    other = _other_document(data.get("schema"))
    if other:
        raise InputFileError(f"{source}: this is {other}, not an answers file; give the answers "
                             f"file ({ANSWERS_SCHEMA}).")
    try:
        return Answers.model_validate(dict(data))
    except ValidationError as exc:
        raise InputFileError(format_validation_error(exc, source)) from None


# The other documents procure writes or reads, by the name in their `schema` (before the "@").
_DOCUMENTS = {"procure/checklist": "a checklist", "procure/pack": "a requirement pack",
              "procure/registry": "an authority registry", "procure/score": "a scoring report",
              "procure/matrix": "a response matrix"}


def _other_document(schema: Any) -> str | None:
    """`a checklist (procure/checklist@1)` when the schema names another procure document."""
    if not isinstance(schema, str):
        return None
    name = schema.partition("@")[0]
    return f"{_DOCUMENTS[name]} ({schema})" if name in _DOCUMENTS else None


def load_answers(path: Path) -> tuple[Answers, str]:
    """Read and validate an answers file; also return its text (it feeds the input hash)."""
    text = read_text(path, "answers file", MAX_ANSWERS_BYTES)
    data = parse_document(text, str(path), "answers file")
    return answers_from_data(data, str(path)), text
