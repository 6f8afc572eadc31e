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
    {in_force: ID}    (the registry's authority ID is in force on the document date)
    {fill_in: NAME, is_set: true}   (the answers give a value for the fill-in parameter NAME)

`K` is an answers key or `as_of` (the document date). Nothing is evaluated as code. Reasons are
written by a `Wording`: the plain one names answers keys and values (for pack authors and tests);
the questions' vocabulary (`procure.model.questions.Vocabulary`) speaks the buyer's words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
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
    """The outcome of a condition and the reason, in the buyer's terms.

    `missing` names the answers that were not given and decided the outcome, so that an unknown
    contract value or award date can become a point for counsel instead of a silent assumption.
    """

    ok: bool
    reason: str
    missing: frozenset[str] = field(default=frozenset())


@dataclass(frozen=True)
class ThresholdValue:
    """A threshold's value in force on the document date, as the evaluator needs it."""

    title: str
    value: float
    verified: bool


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


class Wording:
    """How reasons name answers and their values.

    This plain wording uses the answers keys and raw values (pack authors read it in `packs
    show`; tests pin it); the questions' vocabulary overrides it with the labels written once in
    the question data.
    """

    def term(self, key: str) -> str:
        """The answer as a noun phrase: `sector` (plain), "the estimated value" (vocabulary)."""
        return key

    def value(self, key: str, value: Any) -> str:
        """One value, or a list of values, of an answer."""
        return describe(value, key)

    def fact(self, key: str, value: Any) -> str:
        """A sentence stating an answer: "sector is utility", "the buyer is a utility"."""
        return f"{self.term(key)} is {self.value(key, value)}"

    def mismatch(self, key: str, actual: Any, wanted: Sequence[Any]) -> str:
        """Why an answer is not the value(s) a condition names."""
        expected = (self.value(key, wanted[0]) if len(wanted) == 1
                    else f"one of {self.value(key, list(wanted))}")
        return f"{self.fact(key, actual)}, not {expected}"

    def includes(self, key: str, items: Sequence[Any]) -> str:
        return f"{self.term(key)} includes {self.value(key, list(items))}"

    def lacks(self, key: str, items: Sequence[Any], every: bool) -> str:
        """A list answer without the items: none of them (`every`) or not all of them."""
        listed = self.value(key, list(items))
        if every and len(items) > 1:
            return f"{self.term(key)} includes none of {listed}"
        return f"{self.term(key)} does not include {listed}"

    def given(self, key: str, is_given: bool) -> str:
        return f"{self.term(key)} is {'given' if is_given else 'not given'}"

    def stated(self, label: str, value: Any) -> str:
        """Whether the buyer stated a fill-in: "the CMMC level required is stated (Level 2)"."""
        if value is None:
            return f"the {label} is not stated"
        return f"the {label} is stated ({describe(value)})"

    def amount(self, key: str, value: Any) -> str:
        """A number or date as it stands in a comparison."""
        return describe(value, key)

    def rule(self, key: str, operator: str, operand: Any) -> str:
        """A comparison as a rule a reader checks: "sector is one of utility, carrier"."""
        if operator in ORDER_OPERATORS:
            shown = self.amount(key, operand)
        else:
            shown = self.value(key, operand)
        return f"{self.term(key)} {_RULE_WORDS[operator]} {shown}"


PLAIN = Wording()


class Facts:
    """What conditions read: answers, document date, thresholds, authority statuses, wording.

    Evaluation records which thresholds decided something, so their provenance can be reported.
    """

    def __init__(
        self,
        values: Mapping[str, Any],
        thresholds: Mapping[str, ThresholdValue] | None = None,
        wording: Wording = PLAIN,
        authority_status: Callable[[str], tuple[bool, str]] | None = None,
        fill_ins: Mapping[str, Any] | None = None,
        fill_in_labels: Mapping[str, str] | None = None,
    ) -> None:
        self.values = values
        self.thresholds = thresholds or {}
        self.thresholds_used: set[str] = set()
        self.wording = wording
        self.authority_status = authority_status
        self.fill_ins = fill_ins or {}
        self.fill_in_labels = fill_in_labels or {}


class ThresholdRef(BaseModel):
    """A reference to a registry threshold, resolved on the document date."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    threshold: str


Operand = Scalar | ThresholdRef


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

    def in_force_ids(self) -> Iterator[str]:
        yield from ()

    def evaluate(self, facts: Facts) -> Verdict:
        key, op, operand = self.key, self.operator, self.operand
        words = facts.wording
        actual = facts.values.get(key)
        if op == "is_set":
            given = actual not in (None, [], "")
            return Verdict(given == operand, words.given(key, given),
                           frozenset() if given else frozenset({key}))
        if actual is None:
            return Verdict(False, words.given(key, False), frozenset({key}))
        if op in ("eq", "ne", "in", "not_in"):
            wanted = [operand] if op in ("eq", "ne") else list(operand)
            inside = actual in wanted
            state = words.fact(key, actual) if inside else words.mismatch(key, actual, wanted)
            return Verdict(inside if op in ("eq", "in") else not inside, state)
        if op in ORDER_OPERATORS:
            return self._order(facts, actual)
        held = set(actual) if isinstance(actual, (list, tuple, set, frozenset)) else {actual}
        wanted = [operand] if op == "contains" else list(operand)
        found = [item for item in wanted if item in held]
        if op in ("contains", "contains_any"):
            if found:
                return Verdict(True, words.includes(key, found))
            return Verdict(False, words.lacks(key, wanted, every=True))
        absent = [item for item in wanted if item not in held]
        if not absent:
            return Verdict(True, words.includes(key, wanted))
        return Verdict(False, words.lacks(key, absent, every=False))

    def _order(self, facts: Facts, actual: Any) -> Verdict:
        key, op, operand = self.key, self.operator, self.operand
        words = facts.wording
        if not isinstance(operand, ThresholdRef):
            label = words.amount(key, operand)
        else:
            facts.thresholds_used.add(operand.threshold)
            threshold = facts.thresholds.get(operand.threshold)
            if threshold is None:
                return Verdict(False, f"threshold '{operand.threshold}' has no value on this date")
            label = f"the {threshold.title} ({words.amount(key, threshold.value)}"
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
            return Verdict(False, f"{words.term(key)} ({words.amount(key, actual)}) cannot be "
                                  f"compared with {label}")
        symbol = _SYMBOL[op] if ok else _NEGATED_SYMBOL[op]
        return Verdict(ok, f"{words.term(key)} {words.amount(key, actual)} {symbol} {label}")


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
        return Verdict(True, " and ".join(dict.fromkeys(reasons)))

    def in_force_ids(self) -> Iterator[str]:
        for part in self.all:
            yield from part.in_force_ids()


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
        missing: set[str] = set()
        for part in self.any:
            verdict = part.evaluate(facts)
            if verdict.ok:
                return verdict
            reasons.append(verdict.reason)
            missing |= verdict.missing
        # Alternatives that fail for the same reason say it once.
        return Verdict(False, " and ".join(dict.fromkeys(reasons)), frozenset(missing))

    def in_force_ids(self) -> Iterator[str]:
        for part in self.any:
            yield from part.in_force_ids()


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
        return Verdict(not verdict.ok, verdict.reason, verdict.missing)

    def in_force_ids(self) -> Iterator[str]:
        yield from self.not_.in_force_ids()


class InForce(BaseModel):
    """True when a registry authority is in force on the document date (a waiver, a rule)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    in_force: str = Field(min_length=1)

    def keys(self) -> Iterator[str]:
        yield from ()

    def comparisons(self) -> Iterator[Comparison]:
        yield from ()

    def in_force_ids(self) -> Iterator[str]:
        yield self.in_force

    def evaluate(self, facts: Facts) -> Verdict:
        if facts.authority_status is None:
            return Verdict(False, f"the status of {self.in_force} is not known here")
        ok, sentence = facts.authority_status(self.in_force)
        return Verdict(ok, sentence)


class FillInGiven(BaseModel):
    """True when the answers give (or, with `is_set: false`, do not give) a fill-in's value.

    A fill-in the buyer states (the CMMC level the program office names) can decide a level, as
    an answer does. A fill-in left blank is already listed under its requirement, so it is not
    raised again as an undecided answer.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    fill_in: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    is_set: bool

    def keys(self) -> Iterator[str]:
        yield from ()

    def comparisons(self) -> Iterator[Comparison]:
        yield from ()

    def in_force_ids(self) -> Iterator[str]:
        yield from ()

    def evaluate(self, facts: Facts) -> Verdict:
        value = facts.fill_ins.get(self.fill_in)
        if value == "":
            value = None
        label = facts.fill_in_labels.get(self.fill_in, f"fill-in {self.fill_in}")
        return Verdict((value is not None) == self.is_set, facts.wording.stated(label, value))


def _condition_kind(value: Any) -> str | None:
    if isinstance(value, Mapping):
        for kind in ("all", "any", "not", "in_force", "fill_in"):
            if kind in value:
                return kind
        return "compare"
    if isinstance(value, BaseModel):
        return {AllOf: "all", AnyOf: "any", Not: "not", InForce: "in_force",
                FillInGiven: "fill_in"}.get(type(value), "compare")
    return None


Condition = Annotated[
    Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[Not, Tag("not")]
    | Annotated[InForce, Tag("in_force")]
    | Annotated[FillInGiven, Tag("fill_in")]
    | Annotated[Comparison, Tag("compare")],
    Discriminator(
        _condition_kind,
        custom_error_type="invalid_condition",
        custom_error_message="a condition is a mapping with all, any, not or in_force, or with "
        "key and one operator (eq, ne, in, not_in, gt, gte, lt, lte, contains, contains_any, "
        "contains_all, is_set), or with fill_in and is_set",
    ),
]

AllOf.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()


def in_force_ids(conditions: Sequence[Condition | None]) -> set[str]:
    """Every authority id the given conditions ask about (`in_force`)."""
    found: set[str] = set()
    for condition in conditions:
        if condition is not None:
            found.update(condition.in_force_ids())
    return found


def fill_in_names(conditions: Sequence[Condition | None]) -> set[str]:
    """Every fill-in parameter the given conditions ask about (`fill_in`)."""
    found: set[str] = set()
    pending = [condition for condition in conditions if condition is not None]
    while pending:
        condition = pending.pop()
        if isinstance(condition, FillInGiven):
            found.add(condition.fill_in)
        elif isinstance(condition, AllOf):
            pending.extend(condition.all)
        elif isinstance(condition, AnyOf):
            pending.extend(condition.any)
        elif isinstance(condition, Not):
            pending.append(condition.not_)
    return found

ALWAYS = Verdict(True, "it applies to every buyer")

_RULE_WORDS = {"eq": "is", "ne": "is not", "in": "is one of", "not_in": "is none of",
               "gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "contains": "includes",
               "contains_any": "includes any of", "contains_all": "includes all of"}


def describe_condition(condition: Condition | None, wording: Wording = PLAIN,
                       titles: Mapping[str, str] | None = None) -> str:
    """The condition as a rule a reader can check: "sector is utility or funding includes usf".

    `titles` names thresholds and authorities by their titles instead of their ids.
    """
    names = titles or {}
    if condition is None:
        return "every buyer"
    if isinstance(condition, AllOf):
        return " and ".join(_grouped(part, wording, names, inside_all=True)
                            for part in condition.all)
    if isinstance(condition, AnyOf):
        return " or ".join(_grouped(part, wording, names) for part in condition.any)
    if isinstance(condition, Not):
        return f"not ({describe_condition(condition.not_, wording, names)})"
    if isinstance(condition, InForce):
        return f"{names.get(condition.in_force, condition.in_force)} is in force"
    if isinstance(condition, FillInGiven):
        label = names.get(condition.fill_in, f"fill-in {condition.fill_in}")
        return f"the {label} is {'stated' if condition.is_set else 'not stated'}"
    term = wording.term(condition.key)
    if condition.operator == "is_set":
        return f"{term} is {'given' if condition.operand else 'not given'}"
    operand = condition.operand
    if isinstance(operand, ThresholdRef):
        shown = f"the {names.get(operand.threshold, operand.threshold + ' threshold')}"
        return f"{term} {_RULE_WORDS[condition.operator]} {shown}"
    return wording.rule(condition.key, condition.operator, operand)


def _grouped(condition: Condition, wording: Wording, names: Mapping[str, str],
             inside_all: bool = False) -> str:
    text = describe_condition(condition, wording, names)
    ambiguous = inside_all and " or " in text
    return f"({text})" if isinstance(condition, (AllOf, AnyOf)) or ambiguous else text


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

