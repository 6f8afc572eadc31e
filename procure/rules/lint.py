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
from pathlib import Path

from ..errors import ProcureError
from ..model.integrity import PackChecks, Problem, registry_problems
from ..model.packs import (
    REGISTRY_FILE,
    LevelSpec,
    Pack,
    bundled_packs_dir,
    pack_files,
    parse_cached,
)
from ..model.registry import Registry

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
    problems.extend(registry_problems(registry, origin))
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
            statuses = [known[cite].status_on(day).status for cite in cited]
            if all(status in NOT_A_MANDATE for status in statuses):
                listing = ", ".join(f"{cite} ({status})"
                                    for cite, status in zip(cited, statuses, strict=True))
                problems.append(Problem(source, f"requirements[{index}] ({requirement.id}).level",
                                        f"can be MUST but rests only on authorities that are not "
                                        f"in force on {day}: {listing}"))
    return problems


def _can_be_must(level: str | LevelSpec) -> bool:
    if isinstance(level, LevelSpec):
        return level.default == "MUST" or any(rule.level == "MUST" for rule in level.rules)
    return level == "MUST"
