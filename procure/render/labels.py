"""Labels the renderers share: how a requirement's level and basis read.

In: a checklist requirement (or the checklist). Out: its level as a reader sees it ("MUST (law)",
"MUST (specification)", "SHOULD"), so every format keeps legal MUSTs apart from the buyer's own;
and the tailoring records of each requirement, so every format marks what the buyer changed.
"""

from __future__ import annotations

from ..model.checklist import (
    TALLY_WORDS,
    Checklist,
    ChecklistRequirement,
    TailoringRecord,
    tally_column,
)


def level_label(requirement: ChecklistRequirement) -> str:
    return TALLY_WORDS[tally_column(requirement.level, requirement.basis)]


def tailoring_by_id(checklist: Checklist) -> dict[str, list[tuple[int, TailoringRecord]]]:
    """(number in the tailoring record, record) for each requirement or pack id, in order."""
    found: dict[str, list[tuple[int, TailoringRecord]]] = {}
    for number, record in enumerate(checklist.tailoring, start=1):
        found.setdefault(record.id, []).append((number, record))
    return found
