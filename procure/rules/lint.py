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
from ..model.answers import ANSWER_KEYS, STRUCTURED_KEYS, choices_of, suggest
from ..model.conditions import AllOf, Comparison, Condition, Not, ThresholdRef, in_force_ids
from ..model.packs import (
    REGISTRY_FILE,
    LevelSpec,
    Pack,
    Parameter,
    Requirement,
    WordingSpec,
    YieldRule,
    bundled_packs_dir,
    pack_files,
    parse_cached,
)
from ..model.registry import KIND_WORDS, NATURE_STATUSES, Authority, Registry, Scope
from ..model.satisfiability import Domain, answers_domain, satisfiable

CONDITION_KEYS = frozenset({*ANSWER_KEYS, "as_of"}) - {"schema"} - STRUCTURED_KEYS
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
        for field in ("title", "text", "counsel"):
            worded = getattr(requirement, field)
            if isinstance(worded, WordingSpec):
                for number, wording in enumerate(worded.rules):
                    yield f"{where}.{field}.rules[{number}].when", wording.when


def check_comparison(comparison: Comparison, thresholds: set[str]) -> list[str]:
    """Problems with one comparison: unknown key, invalid value, unknown threshold."""
    if comparison.key not in CONDITION_KEYS:
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
                                            + [t.id for t in parsed.thresholds]
                                            + [f"scope:{s.id}" for s in parsed.scopes],
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
    scopes = registry.scopes_by_id()
    thresholds = {threshold.id for threshold in registry.thresholds}
    problems: list[Problem] = []
    for index, scope in enumerate(registry.scopes):
        where = f"scopes[{index}] ({scope.id}).when"
        problems.extend(Problem(origin[f"scope:{scope.id}"], where, message)
                        for message in _condition_problems(scope.when, thresholds, known))
    for index, authority in enumerate(registry.authorities):
        source = origin[authority.id]
        where = f"authorities[{index}] ({authority.id})"
        problems.extend(Problem(source, where, message)
                        for message in _nature_problems(authority, scopes, known))
        for change in authority.timeline:
            if change.by and change.by not in known:
                problems.append(Problem(source, f"authorities[{index}] ({authority.id}).timeline",
                                        f"'by' names unknown authority '{change.by}'"))
            if change.status in ("rescinded", "superseded") and not change.by:
                problems.append(Problem(source, f"authorities[{index}] ({authority.id}).timeline",
                                        f"a {change.status} entry must say by what ('by:')"))
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


def _nature_problems(authority: Authority, scopes: dict[str, Scope],
                     known: dict[str, Authority]) -> list[str]:
    """What law, a standard and a waiver each must (and must not) say about whom they bind."""
    problems = []
    nature = authority.nature
    if nature == "law" and not authority.binds and not authority.binds_others:
        problems.append("law must say whom it binds: 'binds' (scope ids) or 'binds_others'")
    if nature != "law" and (authority.binds or authority.binds_others):
        problems.append(f"a {KIND_WORDS[authority.kind]} binds no one; remove 'binds'")
    problems.extend(f"binds unknown scope '{scope_id}'{suggest(scope_id, sorted(scopes))}"
                    for scope_id in authority.binds if scope_id not in scopes)
    if nature == "relief" and not authority.relieves:
        problems.append("a waiver or exception must say what it relieves ('relieves': "
                        "authority ids)")
    if nature != "relief" and authority.relieves:
        problems.append("only a waiver or exception relieves; remove 'relieves'")
    problems.extend(f"relieves unknown authority '{relieved}'"
                    for relieved in authority.relieves if relieved not in known)
    allowed = NATURE_STATUSES[nature]
    for change in authority.timeline:
        if change.status not in allowed:
            fix = ("use 'published' (a standard or guidance is never in force)"
                   if change.status == "effective" else f"use one of {', '.join(sorted(allowed))}")
            problems.append(f"status '{change.status}' on {change.date} does not fit a "
                            f"{KIND_WORDS[authority.kind]}: {fix}")
    if authority.clause is not None and authority.kind not in ("far_clause", "dfars_clause"):
        problems.append("only FAR and DFARS provisions and clauses carry 'clause'")
    if authority.clause is not None:
        prefix = "252." if authority.kind == "dfars_clause" else "52."
        if not authority.clause.number.startswith(prefix):
            problems.append(f"clause number {authority.clause.number} does not fit a "
                            f"{KIND_WORDS[authority.kind]}")
    return problems


def _condition_problems(condition: Condition | None, thresholds: set[str],
                        known: dict[str, Authority]) -> list[str]:
    """Unknown keys, values, thresholds and authorities in one condition."""
    if condition is None:
        return []
    problems = [message for comparison in condition.comparisons()
                for message in check_comparison(comparison, thresholds)]
    problems += [f"in_force names unknown authority '{name}'{suggest(name, sorted(known))}"
                 for name in sorted(in_force_ids([condition])) if name not in known]
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
    domain = answers_domain(registry)
    parameters: dict[str, tuple[str, Parameter]] = {}
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
        problems.extend(_yield_problems(pack.yields_to, "pack", source, known))
        for where, condition in _conditions_of(pack):
            problems.extend(Problem(source, where, message)
                            for message in _condition_problems(condition, thresholds, known))
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
            problems.extend(_requirement_problems(requirement, where, source, known,
                                                  parameters))
            if unknown or not _can_be_must(requirement.level):
                continue
            if not pack.musts_may_be_specification(requirement):
                problems.extend(Problem(source, f"{where}.level", message) for message
                                in _never_bound(pack, requirement, registry, domain))
            statuses = [known[cite.id].status_on(day).status for cite in requirement.authorities]
            if all(status in NOT_A_MANDATE for status in statuses):
                cited = ", ".join(f"{cite.id} ({status})" for cite, status
                                  in zip(requirement.authorities, statuses, strict=True))
                problems.append(Problem(source, f"{where}.level",
                                        f"can be MUST but rests only on authorities that are not "
                                        f"in force on {day}: {cited}"))
    return problems


def _requirement_problems(requirement: Requirement, where: str, source: str,
                          known: dict[str, Authority],
                          parameters: dict[str, tuple[str, Parameter]]) -> list[Problem]:
    """Yield rules, the buyer's duty and fill-ins of one requirement."""
    problems = _yield_problems(requirement.yields_to, where, source, known)
    duty = requirement.buyer_duty
    if duty is not None and duty.id not in known:
        problems.append(Problem(source, f"{where}.buyer_duty", f"unknown authority '{duty.id}'"))
    elif duty is not None and known[duty.id].nature != "law":
        problems.append(Problem(source, f"{where}.buyer_duty",
                                f"{duty.id} is not law; a buyer's duty rests on law that binds it"))
    for parameter in requirement.parameters:
        first = parameters.setdefault(parameter.name, (requirement.id, parameter))
        if first[1] != parameter:
            problems.append(Problem(source, f"{where}.parameters ({parameter.name})",
                                    f"differs from the parameter of the same name in {first[0]}; "
                                    "one name, one label, type and help"))
    return problems


def _yield_problems(rules: list[YieldRule], where: str, source: str,
                    known: dict[str, Authority]) -> list[Problem]:
    problems = []
    for number, rule in enumerate(rules):
        authority = known.get(rule.authority)
        if authority is None:
            problems.append(Problem(source, f"{where}.yields_to[{number}]",
                                    f"unknown authority '{rule.authority}'"))
        elif authority.nature != "law":
            problems.append(Problem(source, f"{where}.yields_to[{number}]",
                                    f"{rule.authority} is not law; only law can forbid more"))
    return problems


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
