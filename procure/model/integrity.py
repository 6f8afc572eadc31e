"""What makes a set of packs and a registry unusable, whatever the document date.

In: the packs (each with the file it came from), the merged registry and the file each authority
and threshold came from. Out: `Problem`s (`file: location: message`, with the fix). Loading
(`packs.load_folders`) refuses a library with any of them, and `procure packs lint` reports them
with its date-dependent advice, so both say the same about the same mistake:

- a pack id or a requirement id used twice, across every folder (a custom pack that reuses a
  built-in id would put two rows with one id in the response matrix);
- a citation of an authority the registry does not have;
- a condition on a key the answers do not have, on a value a choice key cannot take, or on a
  threshold the registry does not have (the condition could never hold: the pack would drop
  out of the checklist without a word);
- a registry whose replacements ('by') name unknown authorities, go round in a circle, or are
  missing; a threshold resting on an unknown authority;
- a date after 2100 on which something happens (a status change, a milestone, a requirement
  taking effect): the deadlines and the PDF timeline cannot reach it.

The valid keys are read from the `Answers` model, so keys added there are known here at once.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from .answers import ANSWER_KEYS, choices_of, suggest
from .conditions import Comparison, Condition, ThresholdRef
from .packs import REGISTRY_FILE, LevelSpec, Pack
from .registry import Registry
from .values import LAST_DAY


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_HasId)
CONDITION_KEYS = frozenset({*ANSWER_KEYS, "as_of"}) - {"schema"}


@dataclass(frozen=True)
class Problem:
    """One problem in a pack or registry file; `fix` says what to do, where it is not plain."""

    file: str
    location: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        return f"{self.file}: {self.location}: {self.message}"

    def with_fix(self) -> str:
        return f"{self}; {self.fix}" if self.fix else str(self)


def conditions_of(pack: Pack) -> Iterator[tuple[str, Condition]]:
    """(location, condition) for the pack's own condition and each requirement's."""
    if pack.applies_when is not None:
        yield "applies_when", pack.applies_when
    for index, requirement in enumerate(pack.requirements):
        where = f"requirements[{index}] ({requirement.id})"
        if requirement.when is not None:
            yield f"{where}.when", requirement.when
        if isinstance(requirement.level, LevelSpec):
            for number, rule in enumerate(requirement.level.rules):
                yield f"{where}.level.rules[{number}].when", rule.when


def check_comparison(comparison: Comparison, thresholds: set[str]) -> list[str]:
    """Problems with one comparison: unknown key, invalid value, unknown threshold."""
    if comparison.key not in CONDITION_KEYS:
        return [f"condition on unknown key '{comparison.key}'"
                f"{suggest(comparison.key, sorted(CONDITION_KEYS))}"]
    problems = []
    valid = _choices(comparison.key)
    operand = comparison.operand
    values = operand if isinstance(operand, list) else [operand]
    for value in values:
        if isinstance(value, ThresholdRef):
            if value.threshold not in thresholds:
                problems.append(f"unknown threshold '{value.threshold}'")
        elif valid and comparison.operator != "is_set" and value not in valid:
            problems.append(f"'{value}' is not a valid value of {comparison.key} "
                            f"(valid: {', '.join(valid)})")
    return problems


_choices = functools.cache(choices_of)  # the schema does not change while procure runs
CONDITION_FIX = "a condition that can never hold would leave the pack out without a word"


class PackChecks:
    """Checks packs one after the other, remembering the ids seen so far (across folders)."""

    def __init__(self, registry: Registry) -> None:
        self.known = registry.by_id()
        self.thresholds = {threshold.id for threshold in registry.thresholds}
        self.pack_ids: dict[str, Path] = {}
        self.requirement_ids: dict[str, Path] = {}

    def pack(self, path: Path, pack: Pack) -> list[Problem]:
        """Every date-independent problem of one pack, in the order of the file."""
        source = str(path)
        problems: list[Problem] = []
        if pack.id in self.pack_ids:
            problems.append(Problem(source, "id", f"pack '{pack.id}' is already defined in "
                                                  f"{self.pack_ids[pack.id]}",
                                    "give the pack its own id"))
        self.pack_ids.setdefault(pack.id, path)
        for where, condition in conditions_of(pack):
            for comparison in condition.comparisons():
                problems.extend(Problem(source, where, message, CONDITION_FIX)
                                for message in check_comparison(comparison, self.thresholds))
        for index, requirement in enumerate(pack.requirements):
            where = f"requirements[{index}] ({requirement.id})"
            if requirement.id in self.requirement_ids:
                problems.append(Problem(
                    source, f"{where}.id", f"duplicate requirement id '{requirement.id}' (also "
                    f"in {self.requirement_ids[requirement.id]})",
                    "give the requirement its own id (the response matrix needs one row per id)"))
            self.requirement_ids.setdefault(requirement.id, path)
            for number, cite in enumerate(requirement.authorities):
                if cite.id not in self.known:
                    problems.append(Problem(source, f"{where}.authorities[{number}]",
                                            f"unknown authority '{cite.id}'",
                                            f"add it to {REGISTRY_FILE} or correct the id"))
            if requirement.effective_from is not None:
                late = _too_late(requirement.effective_from)
                if late:
                    problems.append(Problem(source, f"{where}.effective_from", late))
        return problems


def pack_problems(packs: Sequence[tuple[Path, Pack]], registry: Registry) -> list[Problem]:
    """Every date-independent problem of the packs, ids checked across all of them."""
    checks = PackChecks(registry)
    return [found for path, pack in packs for found in checks.pack(path, pack)]


def _too_late(day: dt.date) -> str | None:
    if day <= LAST_DAY:
        return None
    return f"{day.isoformat()} is after {LAST_DAY.year}; procure plans up to {LAST_DAY.year}"


def registry_problems(registry: Registry, origin: dict[str, str]) -> list[Problem]:
    """Every problem of the merged registry; `origin` gives each id's file."""
    known = registry.by_id()
    problems = []
    for index, authority in _in_file(registry.authorities, origin):
        source = origin[authority.id]
        where = f"authorities[{index}] ({authority.id})"
        for change in authority.timeline:
            if change.by and change.by not in known:
                problems.append(Problem(source, f"{where}.timeline",
                                        f"'by' names unknown authority '{change.by}'",
                                        f"add it to {REGISTRY_FILE} or correct the id"))
            if change.status in ("rescinded", "superseded") and not change.by:
                problems.append(Problem(source, f"{where}.timeline",
                                        f"a {change.status} entry must say by what ('by:')"))
            late = _too_late(change.date)
            if late:
                problems.append(Problem(source, f"{where}.timeline", late))
        for number, milestone in enumerate(authority.milestones):
            late = _too_late(milestone.date)
            if late:
                problems.append(Problem(source, f"{where}.milestones[{number}]", late))
            if milestone.when is not None:
                for comparison in milestone.when.comparisons():
                    for message in check_comparison(comparison, set()):
                        problems.append(Problem(source, f"{where}.milestones[{number}]",
                                                message))
    problems.extend(Problem(origin[cycle[0]], f"authorities ({' → '.join(cycle)})",
                            "rescinded or superseded in a circle; one of them must be the last "
                            "word") for cycle in _replacement_cycles(registry))
    for index, threshold in _in_file(registry.thresholds, origin):
        where = f"thresholds[{index}] ({threshold.id})"
        if threshold.authority not in known:
            problems.append(Problem(origin[threshold.id], f"{where}.authority",
                                    f"unknown authority '{threshold.authority}'",
                                    f"add it to {REGISTRY_FILE} or correct the id"))
    return problems


def _in_file(entries: Sequence[T], origin: dict[str, str]) -> Iterator[tuple[int, T]]:
    """Each entry with its index in the file it came from (the registry merges several files)."""
    counters: dict[str, int] = {}
    for entry in entries:
        source = origin[entry.id]
        counters[source] = counters.get(source, -1) + 1
        yield counters[source], entry


def _replacement_cycles(registry: Registry) -> list[list[str]]:
    """Chains of 'rescinded/superseded by' that come back to where they started."""
    successors = {a.id: sorted({c.by for c in a.timeline if c.by}) for a in registry.authorities}
    cycles: list[list[str]] = []
    reported: set[frozenset[str]] = set()

    def walk(node: str, path: list[str]) -> None:
        for following in successors.get(node, []):
            if following in path:
                cycle = [*path[path.index(following):], following]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    cycles.append(cycle)
            elif len(path) < len(successors):
                walk(following, [*path, following])

    for start in sorted(successors):
        walk(start, [start])
    return cycles
