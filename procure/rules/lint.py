"""Lint: check packs and the authority registry, and report every problem.

In: the bundled packs folder, optionally an organisation's folder, and the document date.
Out: a list of `file: location: message` problems (empty when all is well). Unlike loading,
linting does not stop at the first bad file: it reports every file's problems.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import ProcureError
from ..model.answers import ANSWER_KEYS, choices_of
from ..model.conditions import Comparison, Condition, ThresholdRef
from ..model.packs import (
    REGISTRY_FILE,
    LevelSpec,
    Pack,
    bundled_packs_dir,
    pack_files,
    parse_cached,
)
from ..model.registry import Registry

CONDITION_KEYS = frozenset({*ANSWER_KEYS, "as_of"}) - {"schema"}
NOT_A_MANDATE = frozenset({"rescinded", "proposed", "draft", "superseded", "expired"})


@dataclass(frozen=True)
class Problem:
    file: str
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.location}: {self.message}"


def _conditions_of(pack: Pack) -> Iterator[tuple[str, Condition]]:
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
        from ..support.wording import suggest

        return [f"condition on unknown key '{comparison.key}'"
                f"{suggest(comparison.key, sorted(CONDITION_KEYS))}"]
    problems = []
    valid = choices_of(comparison.key)
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


def lint(extra_dir: Path | None = None, as_of: dt.date | None = None) -> list[Problem]:
    """Every problem in the bundled packs and registry, plus `extra_dir` if given."""
    day = as_of or dt.date.today()
    folders = [bundled_packs_dir()]
    if extra_dir is not None:
        if not extra_dir.is_dir():
            return [Problem(str(extra_dir), "(folder)", "no such packs folder")]
        if extra_dir.resolve() != folders[0].resolve():
            folders.append(extra_dir)
    problems: list[Problem] = []
    registry: Registry | None = None
    origin: dict[str, str] = {}
    packs: list[tuple[Path, Pack]] = []
    for folder in folders:
        registry_path = folder / REGISTRY_FILE
        if registry_path.exists():
            try:
                parsed, _ = parse_cached(registry_path, "registry")
                assert isinstance(parsed, Registry)
                registry = parsed if registry is None else registry.merged(parsed)
                origin.update(dict.fromkeys([a.id for a in parsed.authorities]
                                            + [t.id for t in parsed.thresholds],
                                            str(registry_path)))
            except (ProcureError, ValueError) as exc:
                problems.extend(_split(str(exc), str(registry_path)))
        for path in pack_files(folder):
            try:
                pack, _ = parse_cached(path, "pack")
                assert isinstance(pack, Pack)
                packs.append((path, pack))
            except ProcureError as exc:
                problems.extend(_split(str(exc), str(path)))
    if registry is None:
        problems.append(Problem(str(folders[0] / REGISTRY_FILE), "(file)",
                                "the authority registry is missing or invalid"))
        return problems
    problems.extend(_check_registry(registry, origin))
    problems.extend(_check_packs(packs, registry, day))
    return problems


def _split(text: str, source: str) -> list[Problem]:
    found = []
    for line in text.splitlines():
        rest = line.removeprefix(f"{source}: ")
        location, _, message = rest.partition(": ")
        found.append(Problem(source, location, message or rest))
    return found


def _check_registry(registry: Registry, origin: dict[str, str]) -> list[Problem]:
    known = registry.by_id()
    problems = []
    for index, authority in enumerate(registry.authorities):
        source = origin[authority.id]
        for change in authority.timeline:
            if change.by and change.by not in known:
                problems.append(Problem(source, f"authorities[{index}] ({authority.id}).timeline",
                                        f"'by' names unknown authority '{change.by}'"))
            if change.status in ("rescinded", "superseded") and not change.by:
                problems.append(Problem(source, f"authorities[{index}] ({authority.id}).timeline",
                                        f"a {change.status} entry must name the authority "
                                        f"that {change.status} it in 'by:'"))
        for number, milestone in enumerate(authority.milestones):
            if milestone.when is not None:
                for comparison in milestone.when.comparisons():
                    for message in check_comparison(comparison, set()):
                        problems.append(Problem(
                            source, f"authorities[{index}] ({authority.id}).milestones[{number}]",
                            message))
    problems.extend(Problem(origin[cycle[0]], f"authorities ({' → '.join(cycle)})",
                            "rescinded or superseded in a circle; one of them must be the last "
                            "word") for cycle in _replacement_cycles(registry))
    for index, threshold in enumerate(registry.thresholds):
        if threshold.authority not in known:
            problems.append(Problem(origin[threshold.id],
                                    f"thresholds[{index}] ({threshold.id}).authority",
                                    f"unknown authority '{threshold.authority}'"))
    return problems


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


def _check_packs(packs: list[tuple[Path, Pack]], registry: Registry,
                 day: dt.date) -> list[Problem]:
    known = registry.by_id()
    thresholds = {threshold.id for threshold in registry.thresholds}
    problems: list[Problem] = []
    pack_ids: dict[str, Path] = {}
    requirement_ids: dict[str, Path] = {}
    for path, pack in packs:
        source = str(path)
        if pack.id in pack_ids:
            problems.append(Problem(source, "id", f"pack '{pack.id}' is also defined in "
                                                  f"{pack_ids[pack.id]}"))
        pack_ids.setdefault(pack.id, path)
        if pack.reviewed_on > day:
            problems.append(Problem(source, "reviewed_on",
                                    f"{pack.reviewed_on} is in the future (today is {day})"))
        for where, condition in _conditions_of(pack):
            for comparison in condition.comparisons():
                problems.extend(Problem(source, where, message)
                                for message in check_comparison(comparison, thresholds))
        for index, requirement in enumerate(pack.requirements):
            where = f"requirements[{index}] ({requirement.id})"
            if requirement.id in requirement_ids:
                problems.append(Problem(source, f"{where}.id",
                                        f"duplicate requirement id '{requirement.id}' (also in "
                                        f"{requirement_ids[requirement.id]})"))
            requirement_ids.setdefault(requirement.id, path)
            unknown = [cite.id for cite in requirement.authorities if cite.id not in known]
            for number, cite in enumerate(requirement.authorities):
                if cite.id in unknown:
                    problems.append(Problem(source, f"{where}.authorities[{number}]",
                                            f"unknown authority '{cite.id}'"))
            if unknown or not _can_be_must(requirement.level):
                continue
            statuses = [known[cite.id].status_on(day).status for cite in requirement.authorities]
            if all(status in NOT_A_MANDATE for status in statuses):
                cited = ", ".join(f"{cite.id} ({status})" for cite, status
                                  in zip(requirement.authorities, statuses, strict=True))
                problems.append(Problem(source, f"{where}.level",
                                        f"can be MUST but rests only on authorities that are not "
                                        f"in force on {day}: {cited}"))
    return problems


def _can_be_must(level: str | LevelSpec) -> bool:
    if isinstance(level, LevelSpec):
        return level.default == "MUST" or any(rule.level == "MUST" for rule in level.rules)
    return level == "MUST"
