"""Whether some buyer could make a condition true: satisfiability of the condition language.

In: a condition (often several joined with `all`), the valid values of each answers key, which
keys may be left unanswered, and the registry's thresholds (their values over time). Out: True when
some answers and some document date make the condition hold. Lint uses it to find a MUST that no
authority could ever bind, and a rule that can never apply.

The condition is put in negation normal form and expanded into a disjunction of conjunctions of
literals; a conjunction is satisfiable when the literals on each key can hold together: a choice
among the key's values, a set of items a list includes or lacks, an interval of numbers or dates,
given or not given. Thresholds are compared at each date their values change. An expansion beyond
`MAX_TERMS` conjunctions is treated as satisfiable (lint then stays silent rather than guessing).
Whether an authority is in force and whether a fill-in is stated are free yes-or-no facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, get_args, get_origin

from .answers import Answers, choices_of
from .conditions import (
    AllOf,
    AnyOf,
    Comparison,
    Condition,
    FillInGiven,
    InForce,
    Not,
    ThresholdRef,
)
from .registry import Registry

MAX_TERMS = 4096
_FLIP = {"eq": "ne", "ne": "eq", "in": "not_in", "not_in": "in", "gt": "lte", "gte": "lt",
         "lt": "gte", "lte": "gt"}


@dataclass(frozen=True)
class Literal:
    """One comparison (or `in_force`) that must hold, or must not (`negated`)."""

    key: str
    operator: str
    operand: Any
    negated: bool = False


@dataclass(frozen=True)
class Domain:
    """What answers can be: each key's valid values (choice keys), list keys, nullable keys."""

    choices: Mapping[str, tuple[Any, ...]]
    lists: frozenset[str]
    nullable: frozenset[str]
    thresholds: Mapping[str, Sequence[tuple[dt.date, float]]] = field(default_factory=dict)


def _nnf(condition: Condition, negate: bool = False) -> Any:
    """The condition with negation pushed to the literals: ("all"|"any", parts) or a Literal."""
    if isinstance(condition, AllOf):
        return ("any" if negate else "all", [_nnf(part, negate) for part in condition.all])
    if isinstance(condition, AnyOf):
        return ("all" if negate else "any", [_nnf(part, negate) for part in condition.any])
    if isinstance(condition, Not):
        return _nnf(condition.not_, not negate)
    if isinstance(condition, InForce):
        return Literal(f"in_force:{condition.in_force}", "eq", True, negate)
    if isinstance(condition, FillInGiven):
        return Literal(f"fill_in:{condition.fill_in}", "eq", condition.is_set, negate)
    assert isinstance(condition, Comparison)
    op, operand = condition.operator, condition.operand
    if op == "contains_any":
        parts = [Literal(condition.key, "contains", item, negate) for item in operand]
        return ("all" if negate else "any", parts)
    if op == "contains_all":
        parts = [Literal(condition.key, "contains", item, negate) for item in operand]
        return ("any" if negate else "all", parts)
    return Literal(condition.key, op, operand, negate)


def _dnf(node: Any) -> Iterator[tuple[Literal, ...]]:
    if isinstance(node, Literal):
        yield (node,)
        return
    kind, parts = node
    if kind == "any":
        for part in parts:
            yield from _dnf(part)
        return
    terms: list[tuple[Literal, ...]] = [()]
    for part in parts:
        expanded = list(_dnf(part))
        terms = [left + right for left in terms for right in expanded]
        if len(terms) > MAX_TERMS:
            raise _TooBig
    yield from terms


class _TooBig(Exception):
    pass


def satisfiable(condition: Condition | None, domain: Domain) -> bool:
    """Whether some answers, on some document date, make the condition true."""
    if condition is None:
        return True
    try:
        terms = list(_dnf(_nnf(condition)))
    except _TooBig:
        return True
    epochs = _epochs(domain)
    return any(_term_holds(term, domain, values) for term in terms for values in epochs)


def _epochs(domain: Domain) -> list[dict[str, float]]:
    """Threshold values at every date any of them changes (one epoch if there are none)."""
    dates = sorted({day for values in domain.thresholds.values() for day, _ in values})
    if not dates:
        return [{}]
    epochs = []
    for day in dates:
        current: dict[str, float] = {}
        for name, values in domain.thresholds.items():
            for start, value in values:
                if start <= day:
                    current[name] = value
        epochs.append(current)
    return epochs


def _term_holds(term: tuple[Literal, ...], domain: Domain, thresholds: dict[str, float]) -> bool:
    by_key: dict[str, list[Literal]] = {}
    for literal in term:
        by_key.setdefault(literal.key, []).append(literal)
    return all(_key_holds(key, literals, domain, thresholds) for key, literals in by_key.items())


def _key_holds(key: str, literals: list[Literal], domain: Domain,
               thresholds: dict[str, float]) -> bool:
    if key.startswith(("in_force:", "fill_in:")):
        # Either true or false, whatever the answers: the literals must agree on which.
        wanted = {bool(literal.operand) != literal.negated for literal in literals}
        return len(wanted) == 1
    if key in domain.lists:
        return _list_holds(literals)
    # A literal other than is_set needs an answer; negated, it also holds when there is none.
    candidates: list[bool] = [True]
    if key in domain.nullable:
        candidates.append(False)
    return any(_scalar_holds(key, literals, domain, thresholds, given) for given in candidates)


def _list_holds(literals: list[Literal]) -> bool:
    must: set[Any] = set()
    must_not: set[Any] = set()
    for literal in literals:
        if literal.operator == "is_set":
            wants_items = bool(literal.operand) != literal.negated
            if wants_items:
                must.add(object())
            else:
                must_not.add("*")
        elif literal.operator == "contains":
            (must_not if literal.negated else must).add(literal.operand)
    if "*" in must_not and must:
        return False
    return not (must & must_not)


def _scalar_holds(key: str, literals: list[Literal], domain: Domain,
                  thresholds: dict[str, float], given: bool) -> bool:
    allowed: set[Any] | None = set(domain.choices[key]) if key in domain.choices else None
    excluded: set[Any] = set()
    low: tuple[Any, bool] | None = None    # (value, strict)
    high: tuple[Any, bool] | None = None
    for literal in literals:
        op, operand, negated = literal.operator, literal.operand, literal.negated
        if op == "is_set":
            if (bool(operand) != negated) != given:
                return False
            continue
        if not given:
            if not negated:
                return False   # a comparison is false on an unanswered key
            continue
        if negated:
            op = _FLIP[op]
        if isinstance(operand, ThresholdRef):
            if operand.threshold not in thresholds:
                return False
            operand = thresholds[operand.threshold]
        if op == "eq":
            allowed = {operand} if allowed is None else allowed & {operand}
        elif op == "in":
            allowed = set(operand) if allowed is None else allowed & set(operand)
        elif op == "ne":
            excluded.add(operand)
        elif op == "not_in":
            excluded.update(operand)
        elif op in ("gt", "gte"):
            bound = (operand, op == "gt")
            low = bound if low is None or _tighter_low(bound, low) else low
        elif op in ("lt", "lte"):
            bound = (operand, op == "lt")
            high = bound if high is None or _tighter_high(bound, high) else high
    if not given:
        return True
    if allowed is not None:
        remaining = [value for value in allowed if value not in excluded
                     and _within(value, low, high)]
        return bool(remaining)
    if low is not None and high is not None:
        try:
            if low[0] > high[0] or (low[0] == high[0] and (low[1] or high[1])):
                return False
            if low[0] == high[0] and low[0] in excluded:
                return False
        except TypeError:
            return False
    return True


def _tighter_low(new: tuple[Any, bool], old: tuple[Any, bool]) -> bool:
    try:
        return bool(new[0] > old[0] or (new[0] == old[0] and new[1]))
    except TypeError:
        return False


def _tighter_high(new: tuple[Any, bool], old: tuple[Any, bool]) -> bool:
    try:
        return bool(new[0] < old[0] or (new[0] == old[0] and new[1]))
    except TypeError:
        return False


def _within(value: Any, low: tuple[Any, bool] | None, high: tuple[Any, bool] | None) -> bool:
    try:
        if low is not None and (value < low[0] or (value == low[0] and low[1])):
            return False
        if high is not None and (value > high[0] or (value == high[0] and high[1])):
            return False
    except TypeError:
        return False
    return True


def answers_domain(registry: Registry) -> Domain:
    """What lint takes "some buyer" to mean: the answers schema's values, and the thresholds."""
    choices: dict[str, tuple[Any, ...]] = {}
    lists: set[str] = set()
    nullable: set[str] = set()
    for name, field_info in Answers.model_fields.items():
        key = field_info.alias or name
        annotation = field_info.annotation
        if get_origin(annotation) is list:
            lists.add(key)
        if type(None) in get_args(annotation):
            nullable.add(key)
        valid = choices_of(key)
        if valid:
            choices[key] = valid
        elif annotation is bool:
            choices[key] = (True, False)
    values = {threshold.id: [(entry.from_, entry.value) for entry in threshold.values]
              for threshold in registry.thresholds}
    return Domain(choices=choices, lists=frozenset(lists), nullable=frozenset(nullable),
                  thresholds=values)
