"""Explanations: why each pack and requirement is in or out, as text for the terminal.

In: a `Checklist` (and the library, for requirements of excluded packs), optionally an id, and
for a tailored checklist the same checklist selected without the tailoring. Out: lines of text;
for a tailored pack or requirement, the rules' own decision, the tailoring entries on top (each
with its reason, who and when) and where it stands now; an unknown id is a `UsageError` that
suggests the nearest id.
"""

from __future__ import annotations

from ..errors import UsageError
from ..model.checklist import (
    BASIS_WORDS,
    TALLY_WORDS,
    Checklist,
    ChecklistRequirement,
    TailoringRecord,
    tally_column,
)
from ..model.packs import Library
from ..support.wording import counted, suggest


def level_label(requirement: ChecklistRequirement) -> str:
    return TALLY_WORDS[tally_column(requirement.level, requirement.basis)]


def explain_all(checklist: Checklist) -> list[str]:
    """One line per pack, included first, with the reason in the buyer's terms."""
    totals = checklist.totals()
    lines = [f"Document date {checklist.as_of}: {counted(len(checklist.packs), 'pack')} "
             f"included, {len(checklist.excluded_packs)} excluded, "
             f"{counted(len(checklist.requirements), 'requirement')} ({totals['MUST_LAW']} MUST "
             f"by law, {totals['MUST_SPEC']} MUST as the buyer's specification, "
             f"{totals['SHOULD']} SHOULD, {totals['MAY']} MAY).", ""]
    lines += [f"Warning: {warning}" for warning in checklist.warnings]
    if checklist.warnings:
        lines.append("")
    counts = {pack_id: sum(levels.values()) for pack_id, _, levels in checklist.counts()}
    ids = [pack.id for pack in checklist.packs] + [pack.id for pack in checklist.excluded_packs]
    width = max((len(pack_id) for pack_id in ids), default=10)
    for pack in checklist.packs:
        count = counts[pack.id]
        lines.append(f"  + {pack.id:<{width}}  {pack.why} [{counted(count, 'requirement')}]")
    for excluded in checklist.excluded_packs:
        lines.append(f"  - {excluded.id:<{width}}  {excluded.why}")
    if checklist.tailoring:
        entries = counted(len(checklist.tailoring), "entry", "entries")
        lines += ["", f"Tailored by the answers file ({entries}):"]
        lines += [f"  {record.id}: {line}" for record, line in _record_lines(checklist)]
    lines += ["", "Run `procure explain ANSWERS ID` with a pack or requirement id for its trace."]
    return lines


def _requirement_lines(requirement: ChecklistRequirement) -> list[str]:
    lines = [f"{requirement.id} ({requirement.pack}): {requirement.title}",
             f"  included at {requirement.level} ({BASIS_WORDS[requirement.basis]}): "
             f"{requirement.why}"]
    for ref in requirement.authorities:
        lines.append(f"  rests on {ref.citation}, {ref.pinpoint}: {ref.status_note}; "
                     f"{ref.binding_note}")
    if requirement.counsel:
        lines.append(f"  for counsel: {requirement.counsel}")
    return lines


def _record_lines(checklist: Checklist) -> list[tuple[TailoringRecord, str]]:
    """Each tailoring entry as applied: where it is, what it changed, why, who and when."""
    lines = []
    for index, record in enumerate(checklist.tailoring):
        signed = ", ".join(part for part in (record.by, record.date and record.date.isoformat())
                           if part)
        lines.append((record, f"tailoring[{index}]: {record.change}"
                      + (f" under {record.waiver}" if record.waiver else "")
                      + f"; reason: {record.reason}" + (f" ({signed})" if signed else "")))
    return lines


def _concerns(library: Library, item: str, record: TailoringRecord) -> bool:
    """Whether a tailoring entry touched the item: itself, its pack, or (for a pack) its members."""
    if record.id == item:
        return True
    pack_of = {requirement.id: entry.pack.id for entry in library.packs
               for requirement in entry.pack.requirements}
    return pack_of.get(item) == record.id or pack_of.get(record.id) == item


def explain_id(checklist: Checklist, library: Library, item: str,
               untailored: Checklist | None = None) -> list[str]:
    """The trace for one pack or requirement id; on a tailored one, before and after."""
    current = _trace(checklist, library, item)
    if untailored is None:
        return current
    touched = [line for record, line in _record_lines(checklist)
               if _concerns(library, item, record)]
    if not touched:
        return current
    before = _trace(untailored, library, item)
    return [current[0],
            "  As the rules chose it:", *(f"  {line}" for line in before[1:]),
            "  Tailored by the answers file:", *(f"    {line}" for line in touched),
            "  As it stands now:", *(f"  {line}" for line in current[1:])]


def _trace(checklist: Checklist, library: Library, item: str) -> list[str]:
    for pack in checklist.packs:
        if pack.id == item:
            lines = [f"{pack.id}: {pack.title}", f"  {pack.why}"]
            for requirement in checklist.requirements_of(pack.id):
                lines.append(f"  + {requirement.id} {level_label(requirement)}: "
                             f"{requirement.why}")
            for dropped in checklist.excluded_requirements:
                if dropped.pack == pack.id:
                    lines.append(f"  - {dropped.id}: {dropped.why}")
            return lines
    for excluded in checklist.excluded_packs:
        if excluded.id == item:
            return [f"{excluded.id}: {excluded.title}", f"  {excluded.why}",
                    "  (none of its requirements is in the checklist)"]
    for requirement in checklist.requirements:
        if requirement.id == item:
            return _requirement_lines(requirement)
    for dropped in checklist.excluded_requirements:
        if dropped.id == item:
            return [f"{dropped.id} ({dropped.pack}): {dropped.title}", f"  {dropped.why}"]
    for entry in library.packs:
        for pack_requirement in entry.pack.requirements:
            if pack_requirement.id == item:
                why = next(p.why for p in checklist.excluded_packs if p.id == entry.pack.id)
                return [f"{pack_requirement.id} ({entry.pack.id}): {pack_requirement.title}",
                        f"  not in the checklist: its pack is {why}"]
    known = [entry.pack.id for entry in library.packs]
    known += [r.id for entry in library.packs for r in entry.pack.requirements]
    raise UsageError(f"'{item}' is neither a pack nor a requirement id{suggest(item, known)} "
                     "See `procure packs list`.")
