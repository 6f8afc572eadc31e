"""What changed between two versions of a checklist, and why.

In: two answers files (each selected on its own document date) or two checklist JSON files
(told apart by their `schema`), and the pack library. Out: a `ChecklistDiff`: requirements added,
removed, or changed in level, title, text, evidence, authorities cited or an authority's status,
each with the reasons: the answers its conditions read that changed ("equipment added ran"), the
authorities whose status changed between the two document dates ("OMB M-22-18: in force →
rescinded on 2026-01-23"), or the pack revision that changed its words. A change that a tailoring
entry made, or that went with a withdrawn one, is its own kind (`tailored`), with the entry's
reason, who and when; so is an entry that changed nothing else (a note to counsel).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..errors import InputFileError, UsageError
from ..model.answers import ANSWERS_SCHEMA, answers_from_data
from ..model.checklist import (
    BASIS_WORDS,
    CHECKLIST_SCHEMA,
    Checklist,
    ChecklistRequirement,
    TailoringRecord,
)
from ..model.conditions import PLAIN, Condition, Wording, describe, fill_in_names
from ..model.packs import LevelSpec, Library
from ..model.registry import status_word
from ..support.reading import read_document
from .fillins import library_parameters

MAX_SIDE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Side:
    """One of the two versions compared: where it came from, and its checklist."""

    label: str
    kind: Literal["answers", "checklist"]
    checklist: Checklist


@dataclass(frozen=True)
class RequirementChange:
    id: str
    pack: str
    title: str
    kind: Literal["added", "removed", "changed", "tailored"]
    level: str
    changes: tuple[str, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ChecklistDiff:
    old: Side
    new: Side
    answer_changes: tuple[str, ...]
    authority_changes: tuple[str, ...]
    packs_added: tuple[str, ...]
    packs_removed: tuple[str, ...]
    requirements: tuple[RequirementChange, ...]

    def of_kind(self, kind: str) -> list[RequirementChange]:
        return [change for change in self.requirements if change.kind == kind]


def read_side(path: Path, as_of: dt.date | None, option: str) -> tuple[Any, str]:
    """Parse a file and tell which kind it is (`answers` or `checklist`)."""
    data = read_document(path, "answers or checklist file", MAX_SIDE_BYTES)
    schema = data.get("schema") if isinstance(data, dict) else None
    if schema == CHECKLIST_SCHEMA:
        if as_of is not None:
            raise UsageError(f"{option}: {path} is a checklist; its document date is fixed "
                             "inside it (the option applies to answers files).")
        return data, "checklist"
    if schema == ANSWERS_SCHEMA:
        return data, "answers"
    raise InputFileError(f"{path}: schema: '{schema}' is neither '{ANSWERS_SCHEMA}' nor "
                         f"'{CHECKLIST_SCHEMA}'; diff compares two answers files or two "
                         "checklist JSON files.")


def load_side(path: Path, data: Any, kind: str, as_of: dt.date | None,
              library: Library) -> Side:
    if kind == "checklist":
        from ..model.checklist_file import checklist_from_data

        return Side(str(path), "checklist", checklist_from_data(data, str(path)))
    from .selection import select

    answers = answers_from_data(data, str(path))
    return Side(str(path), "answers", select(answers, library, as_of or dt.date.today(),
                                             str(path)))


def diff_files(old: Path, new: Path, as_of_old: dt.date | None, as_of_new: dt.date | None,
               library: Library) -> ChecklistDiff:
    """Compare two answers or checklist files (each answers file on its own date)."""
    old_data, old_kind = read_side(old, as_of_old, "--as-of-old")
    new_data, new_kind = read_side(new, as_of_new, "--as-of-new")
    return diff_checklists(load_side(old, old_data, old_kind, as_of_old, library),
                           load_side(new, new_data, new_kind, as_of_new, library), library)


def answer_changes(old: dict[str, Any], new: dict[str, Any],
                   words: Wording = PLAIN) -> dict[str, str]:
    """Answers key → what changed, in the order of the answers, in the words of `words`.

    For example "the equipment bought: added radio access network".
    """
    found: dict[str, str] = {}
    for key in [*old, *(k for k in new if k not in old)]:
        before, after = old.get(key), new.get(key)
        if key in ("schema", "fill_ins", "tailoring") or before == after:
            continue
        if _list_or_none(before) and _list_or_none(after):
            before_list, after_list = before or [], after or []
            parts = []
            added = [item for item in after_list if item not in before_list]
            removed = [item for item in before_list if item not in after_list]
            if added:
                parts.append(f"added {words.value(key, added)}")
            if removed:
                parts.append(f"removed {words.value(key, removed)}")
            if parts:
                found[key] = f"{words.term(key)}: {' and '.join(parts)}"
            continue
        found[key] = (f"{words.term(key)} changed from {_value(before, key, words)} to "
                      f"{_value(after, key, words)}")
    return found


def fill_in_changes(old: dict[str, Any], new: dict[str, Any],
                    library: Library) -> dict[str, str]:
    """`fill_in:NAME` → what changed in that fill-in, by its label: given, changed or taken out."""
    before, after = old.get("fill_ins") or {}, new.get("fill_ins") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return {}
    labels = {name: parameter.label for name, parameter in library_parameters(library).items()}
    found: dict[str, str] = {}
    for name in [*before, *(key for key in after if key not in before)]:
        was, now = before.get(name), after.get(name)
        if was == now:
            continue
        label = f"the fill-in {labels.get(name, name)}"
        if was is None:
            found[f"fill_in:{name}"] = f"{label} is now given ({now})"
        elif now is None:
            found[f"fill_in:{name}"] = f"{label} is no longer given (was {was})"
        else:
            found[f"fill_in:{name}"] = f"{label} changed from {was} to {now}"
    return found


def _list_or_none(value: Any) -> bool:
    """A list answer (or none): compared item by item; anything else is compared whole.

    A checklist file carries its answers as plain data, which an edit can make any type.
    """
    return value is None or isinstance(value, list)


def _value(value: Any, key: str, words: Wording) -> str:
    return "not given" if value is None else words.value(key, value)


def _conditions(library: Library, pack_id: str, requirement_id: str) -> list[Condition] | None:
    """Every condition that decides whether and at what level a requirement applies."""
    pack = library.pack(pack_id)
    if pack is None:
        return None
    requirement = next((r for r in pack.requirements if r.id == requirement_id), None)
    if requirement is None:
        return None
    found = [c for c in (pack.applies_when, requirement.when) if c is not None]
    if isinstance(requirement.level, LevelSpec):
        found += [rule.when for rule in requirement.level.rules]
    return found


class _Reasons:
    """Finds why a requirement changed between two checklists."""

    def __init__(self, old: Checklist, new: Checklist, library: Library) -> None:
        self.old, self.new, self.library = old, new, library
        self.answers = answer_changes(old.answers, new.answers, library.vocabulary)
        self.answers.update(fill_in_changes(old.answers, new.answers, library))
        self.by_id = library.registry.by_id()

    def authority(self, authority_id: str, citation: str, before: str, after: str) -> str:
        """`OMB M-22-18: in force → rescinded on 2026-01-23`."""
        words = f"{citation}: {status_word(before)} → {status_word(after)}"
        authority = self.by_id.get(authority_id)
        if authority is None:
            return words
        low, high = sorted((self.old.as_of, self.new.as_of))
        dates = [change.date for change in authority.timeline if low < change.date <= high]
        if not dates:
            return words
        if self.old.as_of <= self.new.as_of:
            return f"{words} on {dates[-1].isoformat()}"
        return f"{words} (going back before {dates[0].isoformat()})"

    def statuses(self, before: ChecklistRequirement,
                 after: ChecklistRequirement) -> list[tuple[str, str]]:
        """(citation, what changed) for each authority cited by both whose status changed."""
        old_refs = {ref.id: ref for ref in before.authorities}
        return [(ref.citation,
                 self.authority(ref.id, ref.citation, old_refs[ref.id].status, ref.status))
                for ref in after.authorities
                if ref.id in old_refs and old_refs[ref.id].status != ref.status]

    def from_answers(self, pack_id: str, requirement_id: str) -> list[str]:
        conditions = _conditions(self.library, pack_id, requirement_id)
        if conditions is None:
            return list(self.answers.values())
        keys: set[str] = set()
        thresholds: set[str] = set()
        for condition in conditions:
            for comparison in condition.comparisons():
                keys.add(comparison.key)
                threshold = getattr(comparison.operand, "threshold", None)
                if threshold:
                    thresholds.add(threshold)
        found = [text for key, text in self.answers.items() if key in keys]
        found += [self.answers[f"fill_in:{name}"] for name in sorted(fill_in_names(conditions))
                  if f"fill_in:{name}" in self.answers]
        if "as_of" in keys and self.old.as_of != self.new.as_of:
            found.append(f"the document date changed from {self.old.as_of} to {self.new.as_of}")
        found += self._thresholds(sorted(thresholds))
        return found

    def _thresholds(self, ids: list[str]) -> list[str]:
        found = []
        before = self.library.registry.thresholds_on(self.old.as_of)
        after = self.library.registry.thresholds_on(self.new.as_of)
        for threshold_id in ids:
            old_value, new_value = before.get(threshold_id), after.get(threshold_id)
            if old_value and new_value and old_value.value != new_value.value:
                found.append(f"the {new_value.title} changed from "
                             f"{describe(old_value.value, '_usd')} to "
                             f"{describe(new_value.value, '_usd')}")
        return found

    def revision(self, pack_id: str) -> str:
        versions = [next((p.version for p in c.packs if p.id == pack_id), "?")
                    for c in (self.old, self.new)]
        if versions[0] == versions[1]:
            return f"the {pack_id} pack was edited (version {versions[1]} in both)"
        return f"the {pack_id} pack was revised (version {versions[0]} → {versions[1]})"

    def excluded(self, checklist: Checklist, requirement_id: str, pack_id: str) -> str:
        for dropped in checklist.excluded_requirements:
            if dropped.id == requirement_id:
                return dropped.why
        for pack in checklist.excluded_packs:
            if pack.id == pack_id:
                return f"its pack is {pack.why}"
        return f"the {pack_id} pack no longer has it"


def _record_key(record: TailoringRecord) -> tuple[object, ...]:
    """An entry as the buyer wrote it (what it changed depends on the rest of the answers)."""
    return (record.id, record.action, record.reason, record.waiver, record.by, record.date)


class _Tailoring:
    """The tailoring entries applied in one version and not the other, and what they touch."""

    def __init__(self, old: Checklist, new: Checklist, library: Library) -> None:
        old_keys = {_record_key(record) for record in old.tailoring}
        new_keys = {_record_key(record) for record in new.tailoring}
        self.applied = [r for r in new.tailoring if _record_key(r) not in old_keys]
        self.withdrawn = [r for r in old.tailoring if _record_key(r) not in new_keys]
        self.pack_of = {requirement.id: entry.pack.id for entry in library.packs
                        for requirement in entry.pack.requirements}
        self.reported: set[tuple[object, ...]] = set()

    def reasons(self, requirement_id: str, pack_id: str) -> list[str]:
        """Why a requirement changed, in the words of the tailoring entries that touch it."""
        return [self.words(record, withdrawn)
                for withdrawn, records in ((False, self.applied), (True, self.withdrawn))
                for record in records if record.id in (requirement_id, pack_id)]

    def report(self, change: RequirementChange) -> RequirementChange:
        """Note the entries a listed change gives as its reasons (the rest are listed alone)."""
        if change.kind == "tailored":
            self.reported |= {_record_key(record) for record in [*self.applied, *self.withdrawn]
                              if record.id in (change.id, change.pack)}
        return change

    @staticmethod
    def words(record: TailoringRecord, withdrawn: bool) -> str:
        signed = ", ".join(part for part in (record.by, record.date and record.date.isoformat())
                           if part)
        what = f"{record.change} under {record.waiver}" if record.waiver else record.change
        lead = f"a tailoring entry ({what}) was withdrawn" if withdrawn else f"tailoring: {what}"
        return f"{lead}; reason: {record.reason}" + (f" ({signed})" if signed else "")

    def unreported(self, old: Checklist, new: Checklist) -> list[RequirementChange]:
        """Entries that changed nothing the comparison of requirements saw (a note to counsel)."""
        requirements = {r.id: r for r in old.requirements} | {r.id: r for r in new.requirements}
        titles = {pack.id: pack.title for checklist in (old, new) for pack in checklist.packs}
        titles |= {pack.id: pack.title for checklist in (old, new)
                   for pack in checklist.excluded_packs}
        changes = []
        for withdrawn, records in ((False, self.applied), (True, self.withdrawn)):
            for record in records:
                if _record_key(record) in self.reported:
                    continue
                requirement = requirements.get(record.id)
                if requirement is not None:
                    changes.append(RequirementChange(
                        record.id, requirement.pack, requirement.title, "tailored",
                        requirement.level, (f"{'withdrawn: ' if withdrawn else ''}"
                                            f"{record.change}",),
                        (self.words(record, withdrawn),)))
                else:
                    changes.append(RequirementChange(
                        record.id, self.pack_of.get(record.id, record.id),
                        titles.get(record.id, record.id), "tailored", "",
                        (record.change,), (self.words(record, withdrawn),)))
        return changes


def _edits(before: ChecklistRequirement, after: ChecklistRequirement) -> list[str]:
    """What differs in a requirement's words and citations."""
    found = []
    if before.title != after.title:
        found.append(f'title: "{before.title}" → "{after.title}"')
    if before.text != after.text:
        found.append(f'text was: "{before.text}"')
        found.append(f'text now: "{after.text}"')
    if before.evidence != after.evidence:
        found.append(f"evidence requested now: {'; '.join(after.evidence)}")
    if before.notes != after.notes:
        found.append(f"notes to the vendor now: {'; '.join(after.notes) or 'none'}")
    old_cites = {ref.id: ref for ref in before.authorities}
    new_cites = {ref.id: ref for ref in after.authorities}
    for ref in after.authorities:
        if ref.id not in old_cites:
            found.append(f"now also cites {ref.citation}, {ref.pinpoint}")
        elif old_cites[ref.id].pinpoint != ref.pinpoint:
            found.append(f"{ref.citation} pinpoint: {old_cites[ref.id].pinpoint} → {ref.pinpoint}")
    found += [f"no longer cites {ref.citation}, {ref.pinpoint}"
              for ref in before.authorities if ref.id not in new_cites]
    return found


def _changed(before: ChecklistRequirement, after: ChecklistRequirement,
             reasons: _Reasons, tailoring: list[str]) -> RequirementChange | None:
    changes: list[str] = []
    why: list[str] = []
    if before.level != after.level:
        changes.append(f"level {before.level} → {after.level}")
        why += reasons.from_answers(after.pack, after.id)
    if before.basis != after.basis and before.level == after.level:
        changes.append(f"basis {BASIS_WORDS[before.basis]} → {BASIS_WORDS[after.basis]}")
    statuses = reasons.statuses(before, after)
    if before.level == after.level:
        changes += [f"status of {citation} changed" for citation, _ in statuses]
    why += [text for _, text in statuses]
    edits = _edits(before, after)
    if edits:
        changes += edits
        revision = reasons.revision(after.pack)
        filled = [reasons.answers[f"fill_in:{blank.name}"] for blank in after.blanks
                  if f"fill_in:{blank.name}" in reasons.answers]
        why += filled
        if (not tailoring and not filled) or "revised" in revision:
            why.append(revision)
    if not changes:
        return None
    if not why and not tailoring:
        why.append(after.why)
    return RequirementChange(after.id, after.pack, after.title,
                             "tailored" if tailoring else "changed", after.level,
                             tuple(changes), tuple(dict.fromkeys([*tailoring, *why])))


def diff_checklists(old: Side, new: Side, library: Library) -> ChecklistDiff:
    """Compare two checklists requirement by requirement, with the reason for each change."""
    reasons = _Reasons(old.checklist, new.checklist, library)
    tailoring = _Tailoring(old.checklist, new.checklist, library)
    before = {r.id: r for r in old.checklist.requirements}
    after = {r.id: r for r in new.checklist.requirements}
    changes: list[RequirementChange] = []
    for requirement in new.checklist.requirements:
        previous = before.get(requirement.id)
        tailored = tailoring.reasons(requirement.id, requirement.pack)
        if previous is None:
            why = reasons.from_answers(requirement.pack, requirement.id)
            changes.append(tailoring.report(RequirementChange(
                requirement.id, requirement.pack, requirement.title,
                "tailored" if tailored else "added", requirement.level,
                ("now in the checklist",) if tailored else (),
                tuple([*tailored, *why] or [requirement.why]))))
            continue
        changed = _changed(previous, requirement, reasons, tailored)
        if changed is not None:
            changes.append(tailoring.report(changed))
    for requirement in old.checklist.requirements:
        if requirement.id not in after:
            tailored = tailoring.reasons(requirement.id, requirement.pack)
            why = reasons.from_answers(requirement.pack, requirement.id)
            if not why and not tailored:
                why = [reasons.excluded(new.checklist, requirement.id, requirement.pack)]
            changes.append(tailoring.report(RequirementChange(
                requirement.id, requirement.pack, requirement.title,
                "tailored" if tailored else "removed", requirement.level,
                ("no longer in the checklist",) if tailored else (), (*tailored, *why))))
    changes += tailoring.unreported(old.checklist, new.checklist)
    old_register = {entry.id: entry for entry in old.checklist.authority_register}
    statuses = []
    for entry in new.checklist.authority_register:
        previous_entry = old_register.get(entry.id)
        if previous_entry is not None and previous_entry.status != entry.status:
            statuses.append(reasons.authority(entry.id, entry.citation, previous_entry.status,
                                              entry.status))
    old_packs = {pack.id for pack in old.checklist.packs}
    new_packs = {pack.id for pack in new.checklist.packs}
    return ChecklistDiff(
        old=old, new=new, answer_changes=tuple(reasons.answers.values()),
        authority_changes=tuple(statuses),
        packs_added=tuple(p.id for p in new.checklist.packs if p.id not in old_packs),
        packs_removed=tuple(p.id for p in old.checklist.packs if p.id not in new_packs),
        requirements=tuple(changes))
