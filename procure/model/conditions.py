"""The one condition language of procure, and its evaluation with an explanation.

In: a condition parsed from YAML (a pack's, a requirement's, a level rule's or a question's
`when`) and the facts (the answers plus `as_of`, and the thresholds in force on `as_of`).
Out: a `Verdict`: true or false, and a sentence in the buyer's terms that says why.

Forms, all plain YAML mappings:

    {all: [C, ...]}   {any: [C, ...]}   {not: C}
    {key: K, eq: V}   ne  in: [..]  not_in: [..]
    {key: K, gt: V}   gte  lt  lte     (V may be {threshold: ID} for a registry threshold)
    {key: K, contains: V}   contains_any: [..]   contains_all: [..]   (list answers)
    {key: K, is_set: true}

`K` is an answers key or `as_of` (the document date). Nothing is evaluated as code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

Scalar = bool | int | float | str | dt.date
ORDER_OPERATORS = ("gt", "gte", "lt", "lte")
OPERATORS = ("eq", "ne", "in", "not_in", *ORDER_OPERATORS, "contains", "contains_any",
             "contains_all", "is_set")
_SYMBOL = {"gt": ">", "gte": "≥", "lt": "<", "lte": "≤"}
_NEGATED_SYMBOL = {"gt": "≤", "gte": "<", "lt": "≥", "lte": ">"}


@dataclass(frozen=True)
class Verdict:
    """The outcome of a condition and the reason, in the buyer's terms."""

    ok: bool
    reason: str


@dataclass(frozen=True)
class ThresholdValue:
    """A threshold's value in force on the document date, as the evaluator needs it."""

    title: str
    value: float
    verified: bool


class Facts:
    """What conditions read: answer values by key, the document date, thresholds in force.

    Evaluation records which thresholds decided something, so their provenance can be reported.
    """

    def __init__(
        self,
        values: Mapping[str, Any],
        thresholds: Mapping[str, ThresholdValue] | None = None,
    ) -> None:
        self.values = values
        self.thresholds = thresholds or {}
        self.thresholds_used: set[str] = set()


class ThresholdRef(BaseModel):
    """A reference to a registry threshold, resolved on the document date."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    threshold: str


Operand = Scalar | ThresholdRef


def describe(value: Any, key: str = "") -> str:
    """Write one value the way a buyer reads it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}" if key.endswith("_usd") else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(describe(item) for item in value) if value else "nothing"
    return str(value)


class Comparison(BaseModel):
    """Compare one answer (or `as_of`) with a value, a list of values or a threshold."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    key: str
    eq: Scalar | None = None
    ne: Scalar | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in")
    not_in: list[Scalar] | None = None
    gt: Operand | None = None
    gte: Operand | None = None
    lt: Operand | None = None
    lte: Operand | None = None
    contains: Scalar | None = None
    contains_any: list[Scalar] | None = None
    contains_all: list[Scalar] | None = None
    is_set: bool | None = None

    # Derived from the operator fields once, at validation; never read from input.
    resolved_operator: str = Field(default="", exclude=True, repr=False)
    resolved_operand: Any = Field(default=None, exclude=True, repr=False)

    @model_validator(mode="after")
    def _exactly_one_operator(self) -> Comparison:
        given = [name for name in OPERATORS
                 if getattr(self, "in_" if name == "in" else name) is not None]
        if len(given) != 1:
            raise ValueError(
                f"a comparison on '{self.key}' needs exactly one operator "
                f"({', '.join(OPERATORS)}); it has {len(given) or 'none'}"
                + (f": {', '.join(given)}" if given else "")
            )
        # Resolved once here (selection evaluates conditions hundreds of thousands of times);
        # plain fields, because pydantic's private attributes are slow to read.
        object.__setattr__(self, "resolved_operator", given[0])
        object.__setattr__(self, "resolved_operand",
                           getattr(self, "in_" if given[0] == "in" else given[0]))
        return self

    @property
    def operator(self) -> str:
        return self.resolved_operator

    @property
    def operand(self) -> Any:
        return self.resolved_operand

    def keys(self) -> Iterator[str]:
        yield self.key

    def comparisons(self) -> Iterator[Comparison]:
        yield self

    def evaluate(self, facts: Facts) -> Verdict:
        key, op, operand = self.key, self.operator, self.operand
        actual = facts.values.get(key)
        if op == "is_set":
            given = actual not in (None, [], "")
            state = f"{key} is given" if given else f"{key} is not given"
            return Verdict(given == operand, state)
        if actual is None:
            return Verdict(False, f"{key} is not given")
        if op in ("eq", "ne"):
            same = actual == operand
            state = (f"{key} is {describe(actual, key)}" if same
                     else f"{key} is {describe(actual, key)}, not {describe(operand, key)}")
            return Verdict(same if op == "eq" else not same, state)
        if op in ("in", "not_in"):
            inside = actual in operand
            state = (f"{key} is {describe(actual, key)}" if inside
                     else f"{key} is {describe(actual, key)}, not one of {describe(operand, key)}")
            return Verdict(inside if op == "in" else not inside, state)
        if op in ORDER_OPERATORS:
            return self._order(facts, actual)
        held = set(actual) if isinstance(actual, (list, tuple, set, frozenset)) else {actual}
        if op == "contains":
            ok = operand in held
            state = (f"{key} includes {describe(operand)}" if ok
                     else f"{key} does not include {describe(operand)}")
            return Verdict(ok, state)
        wanted = list(operand)
        found = [item for item in wanted if item in held]
        if op == "contains_any":
            if found:
                return Verdict(True, f"{key} includes {describe(found)}")
            return Verdict(False, f"{key} includes none of {describe(wanted)}")
        missing = [item for item in wanted if item not in held]
        if not missing:
            return Verdict(True, f"{key} includes {describe(wanted)}")
        return Verdict(False, f"{key} does not include {describe(missing)}")

    def _order(self, facts: Facts, actual: Any) -> Verdict:
        key, op, operand = self.key, self.operator, self.operand
        if not isinstance(operand, ThresholdRef):
            label = describe(operand, key)
        else:
            facts.thresholds_used.add(operand.threshold)
            threshold = facts.thresholds.get(operand.threshold)
            if threshold is None:
                return Verdict(False, f"threshold '{operand.threshold}' has no value on this date")
            label = f"the {threshold.title} ({describe(threshold.value, '_usd')}"
            label += ", value unverified)" if not threshold.verified else ")"
            operand = threshold.value
        try:
            if op == "gt":
                ok = actual > operand
            elif op == "gte":
                ok = actual >= operand
            elif op == "lt":
                ok = actual < operand
            else:
                ok = actual <= operand
        except TypeError:
            return Verdict(False,
                           f"{key} ({describe(actual, key)}) cannot be compared with {label}")
        symbol = _SYMBOL[op] if ok else _NEGATED_SYMBOL[op]
        return Verdict(ok, f"{key} {describe(actual, key)} {symbol} {label}")


class AllOf(BaseModel):
    """True when every part is true."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    all: list[Condition] = Field(min_length=1)

    def keys(self) -> Iterator[str]:
        for part in self.all:
            yield from part.keys()

    def comparisons(self) -> Iterator[Comparison]:
        for part in self.all:
            yield from part.comparisons()

    def evaluate(self, facts: Facts) -> Verdict:
        reasons = []
        for part in self.all:
            verdict = part.evaluate(facts)
            if not verdict.ok:
                return verdict
            reasons.append(verdict.reason)
        return Verdict(True, " and ".join(reasons))


class AnyOf(BaseModel):
    """True when at least one part is true."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    any: list[Condition] = Field(min_length=1)

    def keys(self) -> Iterator[str]:
        for part in self.any:
            yield from part.keys()

    def comparisons(self) -> Iterator[Comparison]:
        for part in self.any:
            yield from part.comparisons()

    def evaluate(self, facts: Facts) -> Verdict:
        reasons = []
        for part in self.any:
            verdict = part.evaluate(facts)
            if verdict.ok:
                return verdict
            reasons.append(verdict.reason)
        return Verdict(False, " and ".join(reasons))


class Not(BaseModel):
    """True when its part is false; the reason is the part's own (it states the facts)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    not_: Condition = Field(alias="not")

    def keys(self) -> Iterator[str]:
        yield from self.not_.keys()

    def comparisons(self) -> Iterator[Comparison]:
        yield from self.not_.comparisons()

    def evaluate(self, facts: Facts) -> Verdict:
        verdict = self.not_.evaluate(facts)
        return Verdict(not verdict.ok, verdict.reason)


def _condition_kind(value: Any) -> str | None:
    if isinstance(value, Mapping):
        for kind in ("all", "any", "not"):
            if kind in value:
                return kind
        return "compare"
    if isinstance(value, BaseModel):
        return {AllOf: "all", AnyOf: "any", Not: "not"}.get(type(value), "compare")
    return None


Condition = Annotated[
    Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[Not, Tag("not")]
    | Annotated[Comparison, Tag("compare")],
    Discriminator(
        _condition_kind,
        custom_error_type="invalid_condition",
        custom_error_message="a condition is a mapping with all, any or not, or with key and "
        "one operator (eq, ne, in, not_in, gt, gte, lt, lte, contains, contains_any, "
        "contains_all, is_set)",
    ),
]

AllOf.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()

ALWAYS = Verdict(True, "it applies to every buyer")

_RULE_WORDS = {"eq": "is", "ne": "is not", "in": "is one of", "not_in": "is none of",
               "gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "contains": "includes",
               "contains_any": "includes any of", "contains_all": "includes all of"}


def describe_condition(condition: Condition | None) -> str:
    """The condition as a rule a reader can check: "sector is utility or funding includes usf"."""
    if condition is None:
        return "every buyer"
    if isinstance(condition, AllOf):
        return " and ".join(_grouped(part) for part in condition.all)
    if isinstance(condition, AnyOf):
        return " or ".join(_grouped(part) for part in condition.any)
    if isinstance(condition, Not):
        return f"not ({describe_condition(condition.not_)})"
    if condition.operator == "is_set":
        return f"{condition.key} is {'given' if condition.operand else 'not given'}"
    operand = condition.operand
    shown = (f"the {operand.threshold} threshold" if isinstance(operand, ThresholdRef)
             else describe(operand, condition.key))
    return f"{condition.key} {_RULE_WORDS[condition.operator]} {shown}"


def _grouped(condition: Condition) -> str:
    text = describe_condition(condition)
    return f"({text})" if isinstance(condition, (AllOf, AnyOf)) else text


def evaluate(condition: Condition | None, facts: Facts) -> Verdict:
    """Evaluate an optional condition (none means it always applies)."""
    if condition is None:
        return ALWAYS
    return condition.evaluate(facts)


def keys_of(conditions: Sequence[Condition | None]) -> set[str]:
    """Every key the given conditions read."""
    found: set[str] = set()
    for condition in conditions:
        if condition is not None:
            found.update(condition.keys())
    return found

