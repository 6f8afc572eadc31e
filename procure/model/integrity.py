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
  taking effect): the deadlines and the PDF timeline cannot reach it;
- law that does not say whom it binds (or names an unknown scope), a standard that claims to
  bind, a status that does not fit the nature (a standard "in force"), a waiver that relieves
  nothing or an unknown authority, a clause identity on something that is not a FAR or DFARS text;
- a yield rule or a buyer's duty naming an unknown authority (or a yield to something that is
  not law), a fill-in parameter defined two ways, an `in_force` condition on an unknown authority,
  a `fill_in` condition on a parameter no requirement of the pack declares (or in the registry,
  whose scopes and milestones read only the answers);
- an organisation pack that overrides a built-in one but drops some of its requirement ids without
  retiring them.

The valid keys are read from the `Answers` model, so keys added there are known here at once.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from ..support.wording import counted
from .answers import ANSWER_KEYS, STRUCTURED_KEYS, choices_of, suggest
from .conditions import Comparison, Condition, ThresholdRef, fill_in_names, in_force_ids
from .packs import REGISTRY_FILE, LevelSpec, Pack, Parameter, Requirement, WordingSpec, YieldRule
from .registry import KIND_WORDS, NATURE_STATUSES, Authority, Scope, Threshold
from .values import LAST_DAY


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


class RegistryLike(Protocol):
    """A registry, or the valid parts of the registry files that lint could read."""

    @property
    def authorities(self) -> Sequence[Authority]: ...

    @property
    def thresholds(self) -> Sequence[Threshold]: ...

    @property
    def scopes(self) -> Sequence[Scope]: ...

    def by_id(self) -> dict[str, Authority]: ...

    def scopes_by_id(self) -> dict[str, Scope]: ...


T = TypeVar("T", bound=_HasId)
CONDITION_KEYS = frozenset({*ANSWER_KEYS, "as_of"}) - {"schema"} - STRUCTURED_KEYS


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


def conditions_of(applies_when: Condition | None, requirements: list[tuple[int, Requirement]]
                  ) -> Iterator[tuple[str, Condition]]:
    """(location, condition) for the pack's own condition and each requirement's."""
    if applies_when is not None:
        yield "applies_when", applies_when
    for index, requirement in requirements:
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


def condition_problems(condition: Condition | None, thresholds: set[str],
                       known: dict[str, Authority]) -> list[str]:
    """Unknown keys, values, thresholds and authorities in one condition."""
    if condition is None:
        return []
    problems = [message for comparison in condition.comparisons()
                for message in check_comparison(comparison, thresholds)]
    problems += [f"in_force names unknown authority '{name}'{suggest(name, sorted(known))}"
                 for name in sorted(in_force_ids([condition])) if name not in known]
    return problems


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
NO_FILL_INS = ("a fill_in condition belongs in a pack, next to the requirement that declares the "
               "parameter; the registry reads only the answers")


class PackChecks:
    """Checks packs one after the other, remembering the ids seen so far (across folders)."""

    def __init__(self, registry: RegistryLike, invalid: frozenset[str] = frozenset()) -> None:
        self.known = registry.by_id()
        # Ids present in a registry file but invalid: lint reports them there, not as unknown.
        self.invalid = invalid
        self.thresholds = {threshold.id for threshold in registry.thresholds}
        self.pack_ids: dict[str, Path] = {}
        self.requirement_ids: dict[str, Path] = {}
        self.parameters: dict[str, tuple[str, Parameter]] = {}

    def pack(self, path: Path, pack: Pack) -> list[Problem]:
        """Every date-independent problem of one pack, in the order of the file."""
        return self.parts(path, pack.id, pack.applies_when, pack.yields_to,
                          list(enumerate(pack.requirements)))

    def parts(self, path: Path, pack_id: str | None, applies_when: Condition | None,
              yields_to: list[YieldRule],
              requirements: list[tuple[int, Requirement]]) -> list[Problem]:
        """The same checks on what is valid of a pack file.

        Lint reads the valid parts of a file that does not validate as a whole.
        """
        source = str(path)
        problems: list[Problem] = []
        if pack_id is not None:
            if pack_id in self.pack_ids:
                problems.append(Problem(source, "id", f"pack '{pack_id}' is already defined in "
                                                      f"{self.pack_ids[pack_id]}",
                                        "give the pack its own id, or replace that pack with "
                                        f"`overrides: {pack_id}` and a version of its own"))
            self.pack_ids.setdefault(pack_id, path)
        declared = sorted({parameter.name for _, requirement in requirements
                           for parameter in requirement.parameters})
        for where, condition in conditions_of(applies_when, requirements):
            problems.extend(Problem(source, where, message, CONDITION_FIX) for message
                            in condition_problems(condition, self.thresholds, self.known))
            problems.extend(
                Problem(source, where, f"fill_in names '{name}', which no requirement of this "
                        f"pack declares as a parameter{suggest(name, declared)}",
                        "declare it under a requirement's parameters (and name it in that "
                        "requirement's text), or correct the name")
                for name in sorted(fill_in_names([condition])) if name not in declared)
        problems.extend(self._yields(yields_to, "pack", source))
        for index, requirement in requirements:
            where = f"requirements[{index}] ({requirement.id})"
            if requirement.id in self.requirement_ids:
                problems.append(Problem(
                    source, f"{where}.id", f"duplicate requirement id '{requirement.id}' (also "
                    f"in {self.requirement_ids[requirement.id]})",
                    "give the requirement its own id (the response matrix needs one row per id)"))
            self.requirement_ids.setdefault(requirement.id, path)
            for number, cite in enumerate(requirement.authorities):
                if cite.id not in self.known and cite.id not in self.invalid:
                    problems.append(Problem(source, f"{where}.authorities[{number}]",
                                            f"unknown authority '{cite.id}'",
                                            f"add it to {REGISTRY_FILE} or correct the id"))
            if requirement.effective_from is not None:
                late = _too_late(requirement.effective_from)
                if late:
                    problems.append(Problem(source, f"{where}.effective_from", late))
            problems.extend(self._yields(requirement.yields_to, where, source))
            duty = requirement.buyer_duty
            if duty is not None and duty.id not in self.known:
                problems.append(Problem(source, f"{where}.buyer_duty",
                                        f"unknown authority '{duty.id}'"))
            elif duty is not None and self.known[duty.id].nature != "law":
                problems.append(Problem(source, f"{where}.buyer_duty",
                                        f"{duty.id} is not law; a buyer's duty rests on law "
                                        "that binds it"))
            for parameter in requirement.parameters:
                first = self.parameters.setdefault(parameter.name, (requirement.id, parameter))
                if first[1] != parameter:
                    problems.append(Problem(
                        source, f"{where}.parameters ({parameter.name})",
                        f"differs from the parameter of the same name in {first[0]}",
                        "one name, one label, type and help"))
        return problems

    def _yields(self, rules: list[YieldRule], where: str, source: str) -> list[Problem]:
        problems = []
        for number, rule in enumerate(rules):
            authority = self.known.get(rule.authority)
            if authority is None:
                problems.append(Problem(source, f"{where}.yields_to[{number}]",
                                        f"unknown authority '{rule.authority}'"))
            elif authority.nature != "law":
                problems.append(Problem(source, f"{where}.yields_to[{number}]",
                                        f"{rule.authority} is not law; only law can forbid more"))
        return problems


def override_problems(path: Path, pack: Pack, replaced_path: Path,
                      replaced: Pack) -> list[Problem]:
    """An overriding pack keeps or explicitly retires every requirement id it replaces."""
    problems: list[Problem] = []
    kept = {requirement.id for requirement in pack.requirements}
    old = [requirement.id for requirement in replaced.requirements]
    dropped = [rid for rid in old if rid not in kept and rid not in pack.retires]
    if dropped:
        problems.append(Problem(str(path), "requirements",
                                f"drops {', '.join(dropped)} of {replaced.id} ({replaced_path})",
                                "keep them, or list them under retires"))
    odd = [rid for rid in pack.retires if rid not in old or rid in kept]
    if odd:
        problems.append(Problem(str(path), "retires",
                                f"{', '.join(odd)}: not a requirement that {replaced.id} has and "
                                "this pack drops"))
    return problems


def copied_builtins(folder: Path, packs: Sequence[str], authorities: Sequence[str]) -> Problem:
    """One problem for a folder that repeats built-in packs or registry entries by id.

    Listing each repeated id would bury the one thing to say: a packs folder adds to the
    built-in packs, so a copy of them collides with them.
    """
    what = [counted(len(items), noun, nouns) for items, noun, nouns in (
        (packs, "pack", None), (authorities, "registry entry", "registry entries")) if items]
    shown = [*packs[:3], *authorities[:3]]
    examples = ", ".join(shown) + (", ..." if len(packs) + len(authorities) > len(shown) else "")
    # The fix is part of the message: lint prints messages only, and this one needs its fix.
    return Problem(str(folder), "(folder)",
                   f"holds {' and '.join(what)} with built-in ids ({examples}), but a packs "
                   "folder adds to the built-in packs: keep only your own packs and registry "
                   "entries there (give a changed built-in pack `overrides: ID` and a new "
                   "version), or check a complete copy by itself with `procure packs lint DIR "
                   "--alone`")


def pack_problems(packs: Sequence[tuple[Path, Pack]], registry: RegistryLike) -> list[Problem]:
    """Every date-independent problem of the packs, ids checked across all of them."""
    checks = PackChecks(registry)
    return [found for path, pack in packs for found in checks.pack(path, pack)]


def _too_late(day: dt.date) -> str | None:
    if day <= LAST_DAY:
        return None
    return f"{day.isoformat()} is after {LAST_DAY.year}; procure plans up to {LAST_DAY.year}"


# Words that mark a registry source as the maintainers' own note rather than a public source: the
# source is shown to counsel in the register, who must be able to follow it.
INTERNAL_SOURCE = re.compile(r"^search:|\(search\)|general knowledge|regulations\.md|"
                             r"\bS\d{2}\b|not re-checked in this session", re.IGNORECASE)


def registry_problems(registry: RegistryLike, origin: dict[str, str]) -> list[Problem]:
    """Every problem of the merged registry; `origin` gives each id's file ("scope:" + id)."""
    known = registry.by_id()
    scopes = registry.scopes_by_id()
    thresholds = {threshold.id for threshold in registry.thresholds}
    problems: list[Problem] = []
    for index, scope in enumerate(registry.scopes):
        source = origin.get(f"scope:{scope.id}", REGISTRY_FILE)
        problems.extend(Problem(source, f"scopes[{index}] ({scope.id}).when", message)
                        for message in condition_problems(scope.when, thresholds, known))
        if fill_in_names([scope.when]):
            problems.append(Problem(source, f"scopes[{index}] ({scope.id}).when", NO_FILL_INS))
    for index, authority in _in_file(registry.authorities, origin):
        source = origin[authority.id]
        where = f"authorities[{index}] ({authority.id})"
        problems.extend(Problem(source, where, message)
                        for message in _nature_problems(authority, scopes, known))
        internal = INTERNAL_SOURCE.search(authority.source)
        if internal:
            problems.append(Problem(
                source, f"{where}.source",
                f"'{internal[0]}' is a working note, not a source a reader can follow",
                "name the public source itself (the Federal Register citation, the eCFR or "
                "acquisition.gov section, the publisher's page), or mark the entry unverified "
                "and say what was not checked"))
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
            if milestone.when is not None and fill_in_names([milestone.when]):
                problems.append(Problem(source, f"{where}.milestones[{number}]", NO_FILL_INS))
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
    if authority.clause is not None:
        if authority.kind not in ("far_clause", "dfars_clause"):
            problems.append("only FAR and DFARS provisions and clauses carry 'clause'")
        elif not authority.clause.number.startswith(
                "252." if authority.kind == "dfars_clause" else "52."):
            problems.append(f"clause number {authority.clause.number} does not fit a "
                            f"{KIND_WORDS[authority.kind]}")
    return problems


def _in_file(entries: Sequence[T], origin: dict[str, str]) -> Iterator[tuple[int, T]]:
    """Each entry with its index in the file it came from (the registry merges several files)."""
    counters: dict[str, int] = {}
    for entry in entries:
        source = origin[entry.id]
        counters[source] = counters.get(source, -1) + 1
        yield counters[source], entry


def _replacement_cycles(registry: RegistryLike) -> list[list[str]]:
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
