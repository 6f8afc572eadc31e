"""Lint: check packs and the authority registry, and report every problem.

In: the bundled packs folder, optionally an organisation's folder, and the document date.
Out: a list of `file: location: message` problems (empty when all is well). Unlike loading,
linting does not stop at the first bad file: it reports every file's problems. The checks that
do not depend on the date are `procure.model.integrity`'s, the ones loading refuses; lint adds
what depends on the document date (a review date in the future, a MUST resting only on
authorities not in force).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from ..errors import ProcureError
from ..model.conditions import AllOf, Condition, Not
from ..model.integrity import PackChecks, Problem, override_problems, registry_problems
from ..model.packs import (
    REGISTRY_FILE,
    LevelSpec,
    Pack,
    Requirement,
    bundled_packs_dir,
    pack_files,
    parse_cached,
)
from ..model.registry import Registry
from ..model.satisfiability import Domain, answers_domain, satisfiable

NOT_A_MANDATE = frozenset({"rescinded", "proposed", "draft", "superseded", "expired"})
__all__ = ["Problem", "lint"]


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
    problems.extend(registry_problems(registry, origin))
    packs, replaced = _apply_overrides(packs)
    problems.extend(replaced)
    problems.extend(_check_packs(packs, registry, day))
    return problems


def _split(text: str, source: str) -> list[Problem]:
    found = []
    for line in text.splitlines():
        rest = line.removeprefix(f"{source}: ")
        location, _, message = rest.partition(": ")
        found.append(Problem(source, location, message or rest))
    return found


def _check_packs(packs: list[tuple[Path, Pack]], registry: Registry,
                 day: dt.date) -> list[Problem]:
    known = registry.by_id()
    checks = PackChecks(registry)
    domain = answers_domain(registry)
    problems: list[Problem] = []
    for path, pack in packs:
        source = str(path)
        if pack.reviewed_on > day:
            problems.append(Problem(source, "reviewed_on",
                                    f"{pack.reviewed_on} is in the future (today is {day})"))
        problems.extend(checks.pack(path, pack))
        for index, requirement in enumerate(pack.requirements):
            cited = [cite.id for cite in requirement.authorities]
            if any(cite not in known for cite in cited) or not _can_be_must(requirement.level):
                continue
            if not pack.musts_may_be_specification(requirement):
                problems.extend(Problem(source, f"requirements[{index}] ({requirement.id}).level",
                                        message)
                                for message in _never_bound(pack, requirement, registry, domain))
            statuses = [known[cite].status_on(day).status for cite in cited]
            if all(status in NOT_A_MANDATE for status in statuses):
                listing = ", ".join(f"{cite} ({status})"
                                    for cite, status in zip(cited, statuses, strict=True))
                problems.append(Problem(source, f"requirements[{index}] ({requirement.id}).level",
                                        f"can be MUST but rests only on authorities that are not "
                                        f"in force on {day}: {listing}"))
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


def _apply_overrides(packs: list[tuple[Path, Pack]]
                     ) -> tuple[list[tuple[Path, Pack]], list[Problem]]:
    """Put each overriding pack in the place of the pack it replaces, and check the override."""
    result: list[tuple[Path, Pack]] = []
    problems: list[Problem] = []
    for path, pack in packs:
        if pack.overrides is None:
            result.append((path, pack))
            continue
        position = next((index for index, (_, earlier) in enumerate(result)
                         if earlier.id == pack.overrides), None)
        if position is None:
            problems.append(Problem(str(path), "overrides",
                                    f"there is no pack '{pack.overrides}' to replace"))
            result.append((path, pack))
            continue
        replaced_path, replaced = result[position]
        problems.extend(override_problems(path, pack, replaced_path, replaced))
        if pack.version == replaced.version:
            problems.append(Problem(str(path), "version",
                                    f"an overriding pack needs a version of its own (the "
                                    f"replaced pack is {replaced.version})"))
        result[position] = (path, pack)
    return result, problems


def _can_be_must(level: str | LevelSpec) -> bool:
    if isinstance(level, LevelSpec):
        return level.default == "MUST" or any(rule.level == "MUST" for rule in level.rules)
    return level == "MUST"
