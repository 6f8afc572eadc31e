"""Explanations: why each pack and requirement is in or out, as text for the terminal.

In: a `Checklist` (and the library, for requirements of excluded packs) and optionally an id.
Out: lines of text; an unknown id is a `UsageError` that suggests the nearest id.
"""

from __future__ import annotations

from ..errors import UsageError
from ..model.checklist import (
    BASIS_WORDS,
    TALLY_WORDS,
    Checklist,
    ChecklistRequirement,
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


def explain_id(checklist: Checklist, library: Library, item: str) -> list[str]:
    """The trace for one pack or requirement id."""
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
