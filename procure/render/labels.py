"""Labels the renderers share: how a requirement's level and basis read, and sentences.

In: a checklist requirement, or a phrase. Out: its level as a reader sees it ("MUST (law)",
"MUST (specification)", "SHOULD"), so every format keeps legal MUSTs apart from the buyer's own;
a phrase as a sentence, a reason without the verdict word a heading already gives.
"""

from __future__ import annotations

from ..model.checklist import TALLY_WORDS, ChecklistRequirement, tally_column


def level_label(requirement: ChecklistRequirement) -> str:
    return TALLY_WORDS[tally_column(requirement.level, requirement.basis)]


def reason(text: str) -> str:
    """A decision's reason without the verdict word the heading already gives."""
    for verdict in ("included: ", "excluded: "):
        if text.startswith(verdict):
            return text[len(verdict):]
    return text


def sentence(text: str) -> str:
    """`text` with its first letter in upper case and the rest untouched (unlike `capitalize`)."""
    return text[:1].upper() + text[1:]
