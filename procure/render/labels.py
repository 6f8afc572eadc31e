"""Labels the renderers share: how a requirement's level and basis read, and sentences.

In: a checklist requirement (or the checklist), or a phrase. Out: its level as a reader sees it
("MUST (law)", "MUST (specification)", "SHOULD"), so every format keeps legal MUSTs apart from the
buyer's own; the tailoring records of each requirement, so every format marks what the buyer
changed; a phrase as a sentence, a reason without the verdict word a heading already gives.
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
def reason(text: str) -> str:
    """A decision's reason without the verdict word the heading already gives."""
    for verdict in ("included: ", "excluded: "):
        if text.startswith(verdict):
            return text[len(verdict):]
    return text


def sentence(text: str) -> str:
    """`text` with its first letter in upper case and the rest untouched (unlike `capitalize`)."""
    return text[:1].upper() + text[1:]
