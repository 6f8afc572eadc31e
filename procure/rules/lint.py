"""Lint: check packs and the authority registry, and report every problem.

In: the bundled packs folder, optionally an organisation's folder, and the document date.
Out: a list of `file: location: message` problems (empty when all is well). Unlike loading,
linting does not stop at the first problem: it reports every schema error of every file, keeps
whatever part of a bad file is valid (each requirement, authority, threshold and scope on its
own), and runs every check on those parts too, across files, in the same pass. The checks that do
not depend on the date are `procure.model.integrity`'s, the ones loading refuses; lint adds what
depends on the document date (a review date in the future, a MUST resting only on authorities not
in force), what an organisation pack that overrides a built-in one must keep, and a MUST as law
that no authority it cites could ever bind (`procure.model.satisfiability`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..errors import ProcureError
from ..model.conditions import AllOf, Condition, Not
from ..model.integrity import (
    PackChecks,
    Problem,
    copied_builtins,
    override_problems,
    registry_problems,
)
from ..model.packs import (
    COPY_MIN,
    MAX_PACK_BYTES,
    PACK_SCHEMA,
    REGISTRY_FILE,
    LevelSpec,
    Pack,
    Requirement,
    YieldRule,
    bundled_packs_dir,
    format_model_error,
    pack_files,
)
from ..model.registry import REGISTRY_SCHEMA, Authority, Registry, Scope, Threshold
from ..model.satisfiability import Domain, answers_domain, satisfiable
from ..support.reading import read_document

NOT_A_MANDATE = frozenset({"rescinded", "proposed", "draft", "superseded", "expired"})
__all__ = ["Problem", "lint"]


Item = TypeVar("Item", bound=BaseModel)


@dataclass
class PackParts:
    """What lint can check of a pack file: all of a valid pack, the valid parts of a bad one."""

    path: Path
    id: str | None = None
    reviewed_on: dt.date | None = None
    applies_when: Condition | None = None
    requirements: list[tuple[int, Requirement]] = field(default_factory=list)
    yields_to: list[YieldRule] = field(default_factory=list)
    pack: Pack | None = None

    @classmethod
    def of(cls, path: Path, pack: Pack) -> PackParts:
        return cls(path, pack.id, pack.reviewed_on, pack.applies_when,
                   list(enumerate(pack.requirements)), list(pack.yields_to), pack)


@dataclass
class RegistryParts:
    """The valid authorities and thresholds, and the ids of those that are present but invalid."""

    authorities: list[Authority] = field(default_factory=list)
    thresholds: list[Threshold] = field(default_factory=list)
    scopes: list[Scope] = field(default_factory=list)
    invalid_ids: set[str] = field(default_factory=set)
    origin: dict[str, str] = field(default_factory=dict)

    def by_id(self) -> dict[str, Authority]:
        return {authority.id: authority for authority in self.authorities}

    def scopes_by_id(self) -> dict[str, Scope]:
        return {scope.id: scope for scope in self.scopes}

    def as_registry(self) -> Registry:
        """The valid parts as a registry (for the checks that need one whole)."""
        return Registry.model_construct(schema_="procure/registry@1", authorities=self.authorities,
                                        thresholds=self.thresholds, scopes=self.scopes)


def lint(extra_dir: Path | None = None, as_of: dt.date | None = None,
         alone: bool = False) -> list[Problem]:
    """Every problem in the bundled packs and registry, plus `extra_dir` if given.

    With `alone`, `extra_dir` is checked by itself, as a complete set of packs and registry (an
    organisation's edited copy of the built-in packs). Otherwise a folder that repeats built-in
    packs or registry entries gets one problem saying so, not one per repeated id.
    """
    day = as_of or dt.date.today()
    bundled = bundled_packs_dir()
    if extra_dir is not None and not extra_dir.is_dir():
        return [Problem(str(extra_dir), "(folder)", "no such packs folder")]
    if alone and extra_dir is not None:
        folders = [extra_dir]
    else:
        folders = [bundled]
        if extra_dir is not None and extra_dir.resolve() != bundled.resolve():
            folders.append(extra_dir)
    problems: list[Problem] = []
    registry = RegistryParts()
    found_registry = False
    packs: list[PackParts] = []
    for position, folder in enumerate(folders):
        read = registry if not position else RegistryParts()
        registry_path = folder / REGISTRY_FILE
        if registry_path.exists():
            found_registry = True
            problems.extend(_read_registry(registry_path, read))
        found: list[PackParts] = []
        for path in pack_files(folder):
            parts, trouble = _read_pack(path)
            problems.extend(trouble)
            if parts is not None:
                found.append(parts)
        if position:
            copied = _copied(folder, registry, read, packs, found)
            if copied is not None:
                problems.append(copied)
                found = [parts for parts in found if not _is_copy(parts, packs)]
            _merge(registry, read)
        packs.extend(found)
    if not found_registry:
        problems.append(Problem(str(folders[0] / REGISTRY_FILE), "(file)",
                                "the authority registry is missing"))
    problems.extend(_duplicate_registry_ids(registry))
    problems.extend(registry_problems(registry, registry.origin))
    packs, replaced = _apply_overrides(packs)
    problems.extend(replaced)
    problems.extend(_check_packs(packs, registry, day, check_citations=found_registry))
    return problems


def _registry_ids(registry: RegistryParts) -> list[str]:
    return ([item.id for item in registry.authorities] + [item.id for item in registry.thresholds]
            + [item.id for item in registry.scopes])


def _is_copy(parts: PackParts, earlier: list[PackParts]) -> bool:
    """A pack with a built-in pack's id that does not say it overrides it."""
    return (parts.pack is not None and parts.pack.overrides is None
            and any(parts.id == other.id for other in earlier))


def _copied(folder: Path, registry: RegistryParts, read: RegistryParts,
            earlier: list[PackParts], found: list[PackParts]) -> Problem | None:
    """One problem for the built-in packs and registry entries a folder repeats, and drop them."""
    known = set(_registry_ids(registry))
    entries = [item_id for item_id in _registry_ids(read) if item_id in known]
    copies = [str(parts.id) for parts in found if _is_copy(parts, earlier)]
    if len(entries) + len(copies) < COPY_MIN:  # one repeated id gets its own message
        return None
    read.authorities = [item for item in read.authorities if item.id not in known]
    read.thresholds = [item for item in read.thresholds if item.id not in known]
    read.scopes = [item for item in read.scopes if item.id not in known]
    return copied_builtins(folder, copies, entries)


def _merge(registry: RegistryParts, read: RegistryParts) -> None:
    registry.authorities += read.authorities
    registry.thresholds += read.thresholds
    registry.scopes += read.scopes
    registry.invalid_ids |= read.invalid_ids
    registry.invalid_ids -= set(_registry_ids(registry))
    for key, source in read.origin.items():
        registry.origin.setdefault(key, source)


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


def _model_problems(error: ValidationError, source: str, data: Any) -> list[Problem]:
    """Every error of a file, not only the first few that loading shows, items named by id."""
    return _split("\n".join(format_model_error(error, source, limit=len(error.errors()),
                                                data=data)), source)


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
    scopes: list[tuple[int, Scope]] = []
    try:
        parsed = Registry.model_validate(data)
        authorities = list(enumerate(parsed.authorities))
        thresholds = list(enumerate(parsed.thresholds))
        scopes = list(enumerate(parsed.scopes))
    except ValidationError as exc:
        # Duplicate ids are reported once, across files, by _duplicate_registry_ids.
        problems = [problem for problem in _model_problems(exc, source, data)
                    if not problem.message.startswith("duplicate ")]
        authorities = _valid_items(data, "authorities", Authority)
        thresholds = _valid_items(data, "thresholds", Threshold)
        scopes = _valid_items(data, "scopes", Scope)
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
    for _, scope in scopes:
        registry.scopes.append(scope)
        registry.origin.setdefault(f"scope:{scope.id}", source)
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


def _check_packs(packs: list[PackParts], registry: RegistryParts, day: dt.date,
                 check_citations: bool = True) -> list[Problem]:
    known = registry.by_id()
    checks = PackChecks(registry, frozenset(registry.invalid_ids) if check_citations
                        else frozenset(known) | frozenset(_every_cited(packs)))
    whole = registry.as_registry()
    domain = answers_domain(whole)
    problems: list[Problem] = []
    for parts in packs:
        source = str(parts.path)
        if parts.reviewed_on is not None and parts.reviewed_on > day:
            problems.append(Problem(source, "reviewed_on",
                                    f"{parts.reviewed_on} is in the future (today is {day})"))
        problems.extend(checks.parts(parts.path, parts.id, parts.applies_when, parts.yields_to,
                                     parts.requirements))
        if not check_citations:
            continue
        for index, requirement in parts.requirements:
            where = f"requirements[{index}] ({requirement.id})"
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
            if parts.pack is not None and not parts.pack.musts_may_be_specification(requirement):
                problems.extend(Problem(source, f"{where}.level", message) for message
                                in _never_bound(parts.pack, requirement, whole, domain))
    return problems


def _every_cited(packs: list[PackParts]) -> set[str]:
    return {cite.id for parts in packs for _, requirement in parts.requirements
            for cite in requirement.authorities}


def _apply_overrides(packs: list[PackParts]) -> tuple[list[PackParts], list[Problem]]:
    """Put each overriding pack in the place of the pack it replaces, and check the override."""
    result: list[PackParts] = []
    problems: list[Problem] = []
    for parts in packs:
        pack = parts.pack
        if pack is None or pack.overrides is None:
            result.append(parts)
            continue
        position = next((index for index, earlier in enumerate(result)
                         if earlier.id == pack.overrides), None)
        if position is None:
            problems.append(Problem(str(parts.path), "overrides",
                                    f"there is no pack '{pack.overrides}' to replace"))
            result.append(parts)
            continue
        replaced = result[position]
        if replaced.pack is not None:
            problems.extend(override_problems(parts.path, pack, replaced.path, replaced.pack))
            if pack.version == replaced.pack.version:
                problems.append(Problem(str(parts.path), "version",
                                        f"an overriding pack needs a version of its own (the "
                                        f"replaced pack is {replaced.pack.version})"))
        result[position] = parts
    return result, problems


def _never_bound(pack: Pack, requirement: Requirement, registry: Registry,
                 domain: Domain) -> list[str]:
    """A MUST (as law) that no authority it cites could bind, for any buyer it applies to."""
    scopes = registry.scopes_by_id()
    known = registry.by_id()
    base = [condition for condition in (pack.applies_when, requirement.when) if condition]
    laws = [known[cite.id] for cite in requirement.authorities
            if known[cite.id].nature == "law" and known[cite.id].binds]
    problems = []
    for label, condition in _must_cases(requirement, base):
        bound = [law for law in laws
                 if any(satisfiable(_all([*condition, scopes[scope_id].when]), domain)
                        for scope_id in law.binds if scope_id in scopes)]
        if bound or not satisfiable(_all(condition), domain):
            continue
        cited = "; ".join(
            f"{law.citation} binds {' or '.join(scopes[i].says for i in law.binds if i in scopes)}"
            for law in laws) or "it cites no law that binds a buyer"
        problems.append(f"can be MUST as law ({label}) but no authority it cites could bind "
                        f"such a buyer ({cited}); lower the level, cite the law that binds, or "
                        "mark it specification: true")
    return problems


def _must_cases(requirement: Requirement,
                base: list[Condition]) -> Iterator[tuple[str, list[Condition]]]:
    """Each way the requirement can come out MUST: (description, conditions that all hold)."""
    level = requirement.level
    if not isinstance(level, LevelSpec):
        yield "always", base
        return
    earlier: list[Condition] = []
    for number, rule in enumerate(level.rules):
        if rule.level == "MUST":
            yield f"rule {number + 1}", [*base, *(_not(c) for c in earlier), rule.when]
        earlier.append(rule.when)
    if level.default == "MUST":
        yield "by default", [*base, *(_not(c) for c in earlier)]


def _all(conditions: list[Condition]) -> Condition | None:
    if not conditions:
        return None
    return AllOf.model_construct(all=list(conditions))


def _not(condition: Condition) -> Condition:
    return Not.model_construct(not_=condition)


def _can_be_must(level: str | LevelSpec) -> bool:
    if isinstance(level, LevelSpec):
        return level.default == "MUST" or any(rule.level == "MUST" for rule in level.rules)
    return level == "MUST"
