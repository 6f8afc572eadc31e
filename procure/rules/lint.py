"""Lint: check packs and the authority registry, and report every problem.

In: the bundled packs folder, optionally an organisation's folder, and the document date.
Out: a list of `file: location: message` problems (empty when all is well). Unlike loading,
linting does not stop at the first problem: it reports every schema error of every file, keeps
whatever part of a bad file is valid (each requirement, authority and threshold on its own), and
runs every check on those parts too, across files, in the same pass.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..errors import ProcureError
from ..model.answers import ANSWER_KEYS, choices_of
from ..model.conditions import Comparison, Condition, ThresholdRef
from ..model.packs import (
    MAX_PACK_BYTES,
    PACK_SCHEMA,
    REGISTRY_FILE,
    LevelSpec,
    Pack,
    Requirement,
    bundled_packs_dir,
    format_model_error,
    pack_files,
)
from ..model.registry import REGISTRY_SCHEMA, Authority, Registry, Threshold
from ..support.reading import read_document

CONDITION_KEYS = frozenset({*ANSWER_KEYS, "as_of"}) - {"schema"}
NOT_A_MANDATE = frozenset({"rescinded", "proposed", "draft", "superseded", "expired"})


@dataclass(frozen=True)
class Problem:
    file: str
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.location}: {self.message}"


def _conditions_of(pack: PackParts) -> Iterator[tuple[str, Condition]]:
    if pack.applies_when is not None:
        yield "applies_when", pack.applies_when
    for index, requirement in pack.requirements:
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


Item = TypeVar("Item", bound=BaseModel)


@dataclass
class PackParts:
    """What lint can check of a pack file: all of a valid pack, the valid parts of a bad one."""

    path: Path
    id: str | None = None
    reviewed_on: dt.date | None = None
    applies_when: Condition | None = None
    requirements: list[tuple[int, Requirement]] = field(default_factory=list)

    @classmethod
    def of(cls, path: Path, pack: Pack) -> PackParts:
        return cls(path, pack.id, pack.reviewed_on, pack.applies_when,
                   list(enumerate(pack.requirements)))


@dataclass
class RegistryParts:
    """The valid authorities and thresholds, and the ids of those that are present but invalid."""

    authorities: list[Authority] = field(default_factory=list)
    thresholds: list[Threshold] = field(default_factory=list)
    invalid_ids: set[str] = field(default_factory=set)
    origin: dict[str, str] = field(default_factory=dict)

    def by_id(self) -> dict[str, Authority]:
        return {authority.id: authority for authority in self.authorities}


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
    registry = RegistryParts()
    found_registry = False
    packs: list[PackParts] = []
    for folder in folders:
        registry_path = folder / REGISTRY_FILE
        if registry_path.exists():
            found_registry = True
            problems.extend(_read_registry(registry_path, registry))
        for path in pack_files(folder):
            parts, found = _read_pack(path)
            problems.extend(found)
            if parts is not None:
                packs.append(parts)
    if not found_registry:
        problems.append(Problem(str(folders[0] / REGISTRY_FILE), "(file)",
                                "the authority registry is missing"))
    problems.extend(_duplicate_registry_ids(registry))
    problems.extend(_check_registry(registry, registry.origin))
    problems.extend(_check_packs(packs, registry, day, check_citations=found_registry))
    return problems


def _schema_problem(path: Path, data: Any, expected: str) -> Problem | None:
    if not isinstance(data, dict):
        return Problem(str(path), "(top level)", f"a mapping of keys to values is expected, "
                                                 f"not {type(data).__name__}")
    if data.get("schema") != expected:
        return Problem(str(path), "schema", f"'{data.get('schema')}' is not supported; "
                                            f"expected '{expected}'")
    return None


def _split(text: str, source: str) -> list[Problem]:
    found = []
    for line in text.splitlines():
        rest = line.removeprefix(f"{source}: ")
        location, _, message = rest.partition(": ")
        found.append(Problem(source, location, message or rest))
    return found


_ITEM = re.compile(r"^(requirements|authorities|thresholds)\[(\d+)\]")


def _model_problems(error: ValidationError, source: str, data: Any) -> list[Problem]:
    """Every error of a file, not only the first few that loading shows, items named by id."""
    problems = _split("\n".join(format_model_error(error, source, limit=len(error.errors()))),
                      source)
    named = []
    for problem in problems:
        found = _ITEM.match(problem.location)
        items = data.get(found[1]) if found and isinstance(data, dict) else None
        item = items[int(found[2])] if found and isinstance(items, list) \
            and int(found[2]) < len(items) else None
        if found and isinstance(item, dict) and isinstance(item.get("id"), str):
            location = f"{found[0]} ({item['id']}){problem.location[found.end():]}"
            problem = Problem(problem.file, location, problem.message)
        named.append(problem)
    return named


def _valid_items(data: Any, key: str, model: type[Item]) -> list[tuple[int, Item]]:
    """(index, model) for each item of the list `data[key]` that is valid on its own."""
    items = data.get(key) if isinstance(data, dict) else None
    valid = []
    for index, item in enumerate(items if isinstance(items, list) else []):
        try:
            valid.append((index, model.model_validate(item)))
        except ValidationError:
            continue
    return valid


def _valid_or_none(annotation: Any, value: Any) -> Any:
    try:
        return TypeAdapter(annotation).validate_python(value)
    except ValidationError:
        return None


def _read_pack(path: Path) -> tuple[PackParts | None, list[Problem]]:
    """The pack's checkable parts and its schema problems (all of them)."""
    try:
        data = read_document(path, "pack", MAX_PACK_BYTES)
    except ProcureError as exc:
        return None, _split(str(exc), str(path))
    wrong = _schema_problem(path, data, PACK_SCHEMA)
    if wrong is not None:
        return None, [wrong]
    try:
        return PackParts.of(path, Pack.model_validate(data)), []
    except ValidationError as exc:
        problems = _model_problems(exc, str(path), data)
    pack_id = data.get("id")
    parts = PackParts(path, pack_id if isinstance(pack_id, str) else None,
                      _valid_or_none(dt.date, data.get("reviewed_on")),
                      _valid_or_none(Condition, data.get("applies_when")),
                      _valid_items(data, "requirements", Requirement))
    return parts, problems


def _read_registry(path: Path, registry: RegistryParts) -> list[Problem]:
    """Add the file's valid authorities and thresholds to `registry`; return its problems."""
    try:
        data = read_document(path, "authority registry", MAX_PACK_BYTES)
    except ProcureError as exc:
        return _split(str(exc), str(path))
    wrong = _schema_problem(path, data, REGISTRY_SCHEMA)
    if wrong is not None:
        return [wrong]
    problems: list[Problem] = []
    source = str(path)
    authorities: list[tuple[int, Authority]] = []
    thresholds: list[tuple[int, Threshold]] = []
    try:
        parsed = Registry.model_validate(data)
        authorities = list(enumerate(parsed.authorities))
        thresholds = list(enumerate(parsed.thresholds))
    except ValidationError as exc:
        # Duplicate ids are reported once, across files, by _duplicate_registry_ids.
        problems = [problem for problem in _model_problems(exc, source, data)
                    if not problem.message.startswith("duplicate ")]
        authorities = _valid_items(data, "authorities", Authority)
        thresholds = _valid_items(data, "thresholds", Threshold)
        for key in ("authorities", "thresholds"):
            for item in data.get(key) or []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    registry.invalid_ids.add(item["id"])
    for _, authority in authorities:
        registry.authorities.append(authority)
        registry.origin.setdefault(authority.id, source)
    for _, threshold in thresholds:
        registry.thresholds.append(threshold)
        registry.origin.setdefault(threshold.id, source)
    registry.invalid_ids -= {authority.id for authority in registry.authorities}
    registry.invalid_ids -= {threshold.id for threshold in registry.thresholds}
    return problems


def _duplicate_registry_ids(registry: RegistryParts) -> list[Problem]:
    problems = []
    for label, ids in (("authority", [a.id for a in registry.authorities]),
                       ("threshold", [t.id for t in registry.thresholds])):
        for repeated in sorted({i for i in ids if ids.count(i) > 1}):
            problems.append(Problem(registry.origin[repeated], f"{label} {repeated}",
                                    f"the id is given {ids.count(repeated)} times; ids are "
                                    "unique across every registry file"))
    return problems


def _check_registry(registry: RegistryParts, origin: dict[str, str]) -> list[Problem]:
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


def _replacement_cycles(registry: RegistryParts) -> list[list[str]]:
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


def _check_packs(packs: list[PackParts], registry: RegistryParts, day: dt.date,
                 check_citations: bool = True) -> list[Problem]:
    known = registry.by_id()
    thresholds = {threshold.id for threshold in registry.thresholds}
    problems: list[Problem] = []
    pack_ids: dict[str, Path] = {}
    requirement_ids: dict[str, Path] = {}
    for parts in packs:
        source = str(parts.path)
        if parts.id is not None:
            if parts.id in pack_ids:
                problems.append(Problem(source, "id", f"pack '{parts.id}' is also defined in "
                                                      f"{pack_ids[parts.id]}"))
            pack_ids.setdefault(parts.id, parts.path)
        if parts.reviewed_on is not None and parts.reviewed_on > day:
            problems.append(Problem(source, "reviewed_on",
                                    f"{parts.reviewed_on} is in the future (today is {day})"))
        for where, condition in _conditions_of(parts):
            for comparison in condition.comparisons():
                problems.extend(Problem(source, where, message)
                                for message in check_comparison(comparison, thresholds))
        for index, requirement in parts.requirements:
            where = f"requirements[{index}] ({requirement.id})"
            if requirement.id in requirement_ids:
                problems.append(Problem(source, f"{where}.id",
                                        f"duplicate requirement id '{requirement.id}' (also in "
                                        f"{requirement_ids[requirement.id]})"))
            requirement_ids.setdefault(requirement.id, parts.path)
            if not check_citations:
                continue
            unknown = [cite.id for cite in requirement.authorities
                       if cite.id not in known and cite.id not in registry.invalid_ids]
            for number, cite in enumerate(requirement.authorities):
                if cite.id in unknown:
                    problems.append(Problem(source, f"{where}.authorities[{number}]",
                                            f"unknown authority '{cite.id}'"))
            if any(cite.id not in known for cite in requirement.authorities) \
                    or not _can_be_must(requirement.level):
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
