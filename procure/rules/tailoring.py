"""Tailoring: the buyer's changes to what the rules chose, with the reason on the record.

In: the checklist the rules chose, the answers' `tailoring` entries, the library, and a builder
that makes any requirement of the library as the rules would for this buyer (for `include`).
Out: the checklist with each entry applied in order — a requirement or pack removed or included, a
level raised or lowered, a text replaced or extended, evidence added, a note to the vendor or to
counsel — with a `TailoringRecord` per entry (the reason, who, when, and what the rules had chosen).

The law is not tailored away: removing or lowering a requirement that is MUST by law needs a
`waiver` naming a registry waiver or exception that relieves every law binding it, in force on the
document date. Anything else that cannot be done — an unknown id, an action on a requirement the
rules excluded, a level it already has — is an `InputFileError` naming the entry and the fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import InputFileError
from ..model.answers import TailoringEntry
from ..model.checklist import (
    Checklist,
    ChecklistRequirement,
    CounselPoint,
    ExcludedPack,
    ExcludedRequirement,
    IncludedPack,
    TailoringRecord,
)
from ..model.packs import LEVEL_ORDER, Library

Build = Callable[[str], ChecklistRequirement]
BuildPack = Callable[[str, str], IncludedPack]
_ID = re.compile(r"^([A-Za-z]+)-?0*(\d+)([a-z]?)$")


@dataclass
class _State:
    """The checklist's parts while entries are applied."""

    packs: list[IncludedPack]
    excluded_packs: list[ExcludedPack]
    requirements: dict[str, ChecklistRequirement]
    excluded: dict[str, ExcludedRequirement]
    counsel: list[CounselPoint]
    records: list[TailoringRecord] = field(default_factory=list)


def normalise_id(text: str) -> str:
    """`pqc-7` → `PQC-007`: the form a requirement id would have, for matching and suggesting."""
    found = _ID.match(text.strip())
    if not found:
        return text.strip()
    prefix, number, suffix = found.groups()
    return f"{prefix.upper()}-{int(number):03d}{suffix}"


def tailor(checklist: Checklist, entries: list[TailoringEntry], library: Library,
           build: Build, build_pack: BuildPack, source: str) -> Checklist:
    """Apply every entry in order; refuse the first that cannot be applied."""
    if not entries:
        return checklist
    state = _State(packs=list(checklist.packs), excluded_packs=list(checklist.excluded_packs),
                   requirements={item.id: item for item in checklist.requirements},
                   excluded={item.id: item for item in checklist.excluded_requirements},
                   counsel=list(checklist.counsel_points))
    tailorer = _Tailorer(state, library, build, build_pack, source, checklist)
    for index, entry in enumerate(entries):
        tailorer.apply(index, entry)
    order = _library_order(library)
    requirements = sorted(state.requirements.values(),
                          key=lambda item: order.get(item.id, (len(order), item.id)))
    pack_order = {entry.pack.id: number for number, entry in enumerate(library.packs)}
    kinds = {"legal": 0, "policy": 1, "technology": 2}
    packs = sorted(state.packs, key=lambda pack: (kinds.get(pack.kind, 9), pack.id))
    excluded = sorted(state.excluded.values(), key=lambda item: order.get(item.id, (0, item.id)))
    return checklist.model_copy(update={
        "packs": packs,
        "excluded_packs": sorted(state.excluded_packs,
                                 key=lambda pack: pack_order.get(pack.id, 0)),
        "requirements": requirements,
        "excluded_requirements": excluded,
        "counsel_points": state.counsel,
        "tailoring": state.records,
    })


def _library_order(library: Library) -> dict[str, tuple[int, str]]:
    kinds = {"legal": 0, "policy": 1, "technology": 2}
    packs = sorted((entry.pack for entry in library.packs),
                   key=lambda pack: (kinds.get(pack.kind, 9), pack.id))
    order: dict[str, tuple[int, str]] = {}
    for number, pack in enumerate(packs):
        for index, requirement in enumerate(pack.requirements):
            order[requirement.id] = (number, f"{index:05d}")
    return order


class _Tailorer:
    def __init__(self, state: _State, library: Library, build: Build, build_pack: BuildPack,
                 source: str, checklist: Checklist) -> None:
        self.state = state
        self.library = library
        self.build = build
        self.build_pack = build_pack
        self.source = source
        self.as_of = checklist.as_of
        self.registry = library.registry.by_id()
        self.pack_ids = [entry.pack.id for entry in library.packs]
        self.requirement_ids = [requirement.id for entry in library.packs
                                for requirement in entry.pack.requirements]

    def fail(self, index: int, message: str) -> InputFileError:
        return InputFileError(f"{self.source}: tailoring[{index}]: {message}")

    def apply(self, index: int, entry: TailoringEntry) -> None:
        if entry.id in self.pack_ids:
            self._pack(index, entry)
            return
        rid = entry.id if entry.id in self.requirement_ids else normalise_id(entry.id)
        if rid not in self.requirement_ids:
            raise self.fail(index, f"'{entry.id}' is neither a requirement nor a pack id"
                                   f"{self._suggest(entry.id)} `procure packs show ID` lists "
                                   "a pack's requirements.")
        if rid != entry.id:
            raise self.fail(index, f"'{entry.id}' is not an id as written; did you mean "
                                   f"'{rid}'?")
        if entry.action == "include":
            self._include(index, entry)
            return
        current = self.state.requirements.get(rid)
        if current is None:
            raise self.fail(index, self._not_in_checklist(rid, entry.action))
        if entry.action == "remove":
            self._remove(index, entry, current)
        elif entry.action == "level":
            self._level(index, entry, current)
        elif entry.action == "text":
            self._text(index, entry, current)
        elif entry.action == "evidence":
            self._evidence(entry, current)
        else:
            self._note(entry, current)

    def _suggest(self, word: str) -> str:
        from ..model.answers import closest

        near = normalise_id(word)
        if near in self.requirement_ids:
            return f"; did you mean '{near}'?"
        lowered = word.strip().lower()
        if lowered in self.pack_ids:
            return f"; did you mean '{lowered}'?"
        found = closest(near, self.requirement_ids) or closest(lowered, self.pack_ids)
        return f"; did you mean '{found}'?" if found else "."

    def _not_in_checklist(self, rid: str, action: str) -> str:
        excluded = self.state.excluded.get(rid)
        why = excluded.why.removeprefix("excluded: ") if excluded else self._pack_why(rid)
        if action == "remove":
            return (f"{rid} is not in this checklist ({self._left_out(why)}); there is nothing "
                    "to remove: delete the entry.")
        return (f"{rid} is not in this checklist ({self._left_out(why)}); to add it anyway, put "
                f"{{id: {rid}, action: include, reason: ...}} before this entry.")

    @staticmethod
    def _left_out(why: str) -> str:
        return why if why.startswith("removed") else f"the rules leave it out: {why}"

    def _pack_why(self, rid: str) -> str:
        for entry in self.library.packs:
            if any(requirement.id == rid for requirement in entry.pack.requirements):
                pack = next((p for p in self.state.excluded_packs if p.id == entry.pack.id),
                            None)
                if pack is not None:
                    return f"its pack {pack.id} is {pack.why}"
        return "removed by an earlier tailoring entry"

    def _record(self, entry: TailoringEntry, change: str,
                original: ChecklistRequirement | None = None, waiver: str | None = None) -> None:
        self.state.records.append(TailoringRecord.model_construct(
            id=entry.id, action=entry.action, change=change, reason=" ".join(entry.reason.split()),
            by=entry.by, date=entry.date, waiver=waiver,
            original_level=original.level if original else None,
            original_basis=original.basis if original else None,
            original_text=original.text if original else None))

    def _mark(self, requirement: ChecklistRequirement, action: str,
              **changes: object) -> ChecklistRequirement:
        return requirement.model_copy(update={**changes,
                                              "tailored": [*requirement.tailored, action]})

    # ---------------------------------------------------------------- the law is not tailored away
    def _relief(self, index: int, entry: TailoringEntry, requirement: ChecklistRequirement,
                doing: str) -> str | None:
        """The waiver's citation when one relieves every law binding the requirement."""
        if requirement.basis != "law":
            return None
        binding = [ref for ref in requirement.authorities
                   if ref.binds and ref.status == "effective"]
        names = list(dict.fromkeys(ref.citation for ref in binding))
        citations = f"{', '.join(names)} {'binds' if len(names) == 1 else 'bind'}"
        reliefs = [authority for authority in self.registry.values()
                   if authority.nature == "relief"
                   and any(ref.id in authority.relieves for ref in binding)]
        if entry.waiver is None:
            known = (f"the registry knows {', '.join(f'{a.id} ({a.citation})' for a in reliefs)}"
                     if reliefs else "the registry knows no waiver or exception that relieves it")
            raise self.fail(index, f"{requirement.id} is MUST by law ({citations} this "
                                   f"purchase); {doing} needs `waiver:` naming a waiver or "
                                   f"exception that relieves it ({known}).")
        waiver = self.registry.get(entry.waiver)
        if waiver is None or waiver.nature != "relief":
            what = "is not in the registry" if waiver is None else "is not a waiver or exception"
            raise self.fail(index, f"waiver: '{entry.waiver}' {what}; name one of "
                                   f"{', '.join(a.id for a in reliefs) or 'none known'}.")
        uncovered = [ref.citation for ref in binding if ref.id not in waiver.relieves]
        if uncovered:
            raise self.fail(index, f"waiver: {waiver.citation} does not relieve "
                                   f"{', '.join(dict.fromkeys(uncovered))}, which "
                                   f"{'binds' if len(uncovered) == 1 else 'bind'} "
                                   f"{requirement.id}.")
        if not waiver.status_on(self.as_of).in_force:
            raise self.fail(index, f"waiver: {waiver.citation} is not in force on "
                                   f"{self.as_of.isoformat()}.")
        return waiver.citation

    def _drop_points(self, requirement_id: str) -> None:
        """A removed requirement's own points for counsel go with it."""
        self.state.counsel = [point for point in self.state.counsel
                              if point.ref != requirement_id]

    def _waiver_point(self, requirement: ChecklistRequirement, waiver: str | None,
                      done: str) -> None:
        if waiver is None:
            return
        self.state.counsel.append(CounselPoint.model_construct(
            ref=requirement.id,
            point=f"{requirement.id} was {done} by tailoring under {waiver}, although the law "
                  "requires it of this buyer; counsel confirms the waiver or exception applies to "
                  "this acquisition and that its file is complete."))

    # ---------------------------------------------------------------- requirement actions
    def _remove(self, index: int, entry: TailoringEntry,
                requirement: ChecklistRequirement) -> None:
        waiver = self._relief(index, entry, requirement, "removing it")
        del self.state.requirements[requirement.id]
        self._drop_points(requirement.id)
        self.state.excluded[requirement.id] = ExcludedRequirement.model_construct(
            id=requirement.id, pack=requirement.pack, title=requirement.title,
            why=f"removed by tailoring: {' '.join(entry.reason.split())}"
                + (f" (under {waiver})" if waiver else "")
                + f"; the rules had it at {requirement.level}: {requirement.why}")
        self._waiver_point(requirement, waiver, "removed")
        self._record(entry, "removed", requirement, waiver)

    def _level(self, index: int, entry: TailoringEntry,
               requirement: ChecklistRequirement) -> None:
        assert entry.level is not None
        old, new = requirement.level, entry.level
        if old == new:
            raise self.fail(index, f"{requirement.id} is already {old}; remove the entry or "
                                   "choose another level.")
        waiver = None
        lowering = LEVEL_ORDER[new] > LEVEL_ORDER[old]
        if lowering:
            waiver = self._relief(index, entry, requirement, f"lowering it to {new}")
        basis = requirement.basis
        if new == "MUST":
            basis = "specification"
        elif lowering:
            basis = "practice"
        change = f"level {old} → {new}" + (" (the buyer's specification)" if new == "MUST" else "")
        note = (f"{change} by tailoring" + (f" under {waiver}" if waiver else "")
                + f": {' '.join(entry.reason.split())}")
        self.state.requirements[requirement.id] = self._mark(
            requirement, "level", level=new, basis=basis, basis_note=note,
            why=f"{requirement.why}; {note}")
        self._waiver_point(requirement, waiver, f"lowered to {new}")
        self._record(entry, change, requirement, waiver)

    def _text(self, index: int, entry: TailoringEntry,
              requirement: ChecklistRequirement) -> None:
        assert entry.text is not None
        added = " ".join(entry.text.split())
        if entry.mode == "append":
            text, change = f"{requirement.text} {added}", "text extended"
        else:
            text, change = added, "text replaced"
        self.state.requirements[requirement.id] = self._mark(requirement, "text", text=text)
        if requirement.basis == "law" and entry.mode == "replace":
            self.state.counsel.append(CounselPoint.model_construct(
                ref=requirement.id,
                point=f"The text of {requirement.id}, which the law requires of this buyer, was "
                      "replaced by tailoring; counsel confirms the new text still carries what "
                      f"{', '.join(ref.citation for ref in requirement.authorities if ref.binds)}"
                      " requires."))
        self._record(entry, change, requirement)

    def _evidence(self, entry: TailoringEntry, requirement: ChecklistRequirement) -> None:
        items = [" ".join(item.split()) for item in entry.evidence]
        if entry.mode == "append":
            evidence, change = [*requirement.evidence, *items], "evidence added"
        else:
            evidence, change = items, "evidence replaced"
        self.state.requirements[requirement.id] = self._mark(requirement, "evidence",
                                                             evidence=evidence)
        self._record(entry, change, requirement)

    def _note(self, entry: TailoringEntry, requirement: ChecklistRequirement) -> None:
        assert entry.note is not None
        note = " ".join(entry.note.split())
        if entry.audience == "counsel":
            self.state.counsel.append(CounselPoint.model_construct(ref=requirement.id,
                                                                   point=note))
            self._record(entry, f"note to counsel: {note}", requirement)
            return
        self.state.requirements[requirement.id] = self._mark(
            requirement, "note", notes=[*requirement.notes, note])
        self._record(entry, f"note to the vendor: {note}", requirement)

    def _include(self, index: int, entry: TailoringEntry) -> None:
        if entry.id in self.state.requirements:
            raise self.fail(index, f"{entry.id} is already in the checklist; remove the entry.")
        built = self.build(entry.id)
        pack_ids = {pack.id for pack in self.state.packs}
        if built.pack not in pack_ids:
            self._add_pack(built.pack, entry)
        note = f"included by tailoring: {' '.join(entry.reason.split())}"
        self.state.excluded.pop(entry.id, None)
        self.state.requirements[entry.id] = self._mark(built, "include",
                                                       why=f"{note}; {built.why}")
        if built.counsel:
            self.state.counsel.append(CounselPoint.model_construct(ref=built.id,
                                                                   point=built.counsel))
        self._record(entry, f"included at {built.level}")

    # ---------------------------------------------------------------- pack actions
    def _pack(self, index: int, entry: TailoringEntry) -> None:
        pack_id = entry.id
        if entry.action == "include":
            if any(pack.id == pack_id for pack in self.state.packs):
                raise self.fail(index, f"pack {pack_id} is already in the checklist; remove the "
                                       "entry.")
            self._add_pack(pack_id, entry)
            pack = self.library.pack(pack_id)
            assert pack is not None
            for requirement in pack.requirements:
                built = self.build(requirement.id)
                if built.counsel:
                    self.state.counsel.append(CounselPoint.model_construct(
                        ref=built.id, point=built.counsel))
                self.state.excluded.pop(requirement.id, None)
                self.state.requirements[requirement.id] = self._mark(
                    built, "include", why=f"its pack was included by tailoring; {built.why}")
            self._record(entry, f"pack included with {len(pack.requirements)} requirements")
            return
        if entry.action != "remove":
            raise self.fail(index, f"{pack_id} is a pack; action {entry.action} applies to a "
                                   "requirement: name a requirement id, or remove or include the "
                                   "pack.")
        if not any(pack.id == pack_id for pack in self.state.packs):
            excluded = next((p for p in self.state.excluded_packs if p.id == pack_id), None)
            why = excluded.why if excluded else "removed earlier"
            raise self.fail(index, f"pack {pack_id} is not in this checklist ({why}).")
        members = [item for item in self.state.requirements.values() if item.pack == pack_id]
        waivers = {item.id: self._relief(index, entry, item, "removing its pack")
                   for item in members}
        for item in members:
            del self.state.requirements[item.id]
            self._drop_points(item.id)
            self.state.excluded[item.id] = ExcludedRequirement.model_construct(
                id=item.id, pack=pack_id, title=item.title,
                why=f"removed with its pack by tailoring: {' '.join(entry.reason.split())}")
            self._waiver_point(item, waivers[item.id], "removed")
        removed = next(pack for pack in self.state.packs if pack.id == pack_id)
        self.state.packs.remove(removed)
        self.state.excluded_packs.append(ExcludedPack.model_construct(
            id=pack_id, title=removed.title,
            why=f"removed by tailoring: {' '.join(entry.reason.split())}"))
        used = sorted({citation for citation in waivers.values() if citation})
        self._record(entry, f"pack removed with {len(members)} requirements",
                     waiver=", ".join(used) or None)

    def _add_pack(self, pack_id: str, entry: TailoringEntry) -> None:
        reason = " ".join(entry.reason.split())
        self.state.packs.append(self.build_pack(pack_id, reason))
        self.state.excluded_packs = [p for p in self.state.excluded_packs if p.id != pack_id]

