"""Labels the renderers share: how a requirement's level and basis read.

In: a checklist requirement. Out: its level as a reader sees it ("MUST (law)", "MUST
(specification)", "SHOULD"), so every format keeps legal MUSTs apart from the buyer's own.
"""

from __future__ import annotations

from ..model.checklist import TALLY_WORDS, ChecklistRequirement, tally_column


def level_label(requirement: ChecklistRequirement) -> str:
    return TALLY_WORDS[tally_column(requirement.level, requirement.basis)]
